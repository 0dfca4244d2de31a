"""Pages render what each role needs, in a fixed number of queries, and never leak across programs."""

import datetime

from conftest import make_meeting, make_person
from django.urls import reverse

from balint.meetings.models import Meeting
from balint.programs.models import Role


def test_it_shows_each_role_its_home(client, world):
    client.force_login(world.leader.user)
    content = client.get(reverse("core:home")).content.decode()
    assert "My groups" in content and world.group.name in content
    client.force_login(world.resident.user)
    content = client.get(reverse("core:home")).content.decode()
    assert "My schedule" in content and "My groups" not in content
    client.force_login(world.administrator.user)
    assert "Program overview" in client.get(reverse("core:home")).content.decode()


def test_it_hides_another_programs_group_as_not_found(client, world):
    client.force_login(world.leader.user)
    assert client.get(reverse("programs:group", args=[world.outsider_group.code])).status_code == 404
    assert client.get(reverse("meetings:detail", args=[world.outsider_meeting.code])).status_code == 404
    assert client.get(reverse("programs:detail", args=[world.other_program.slug])).status_code == 404


def test_it_shows_notes_only_to_the_groups_leaders(client, world):
    url = reverse("meetings:detail", args=[world.past_meeting.code])
    client.force_login(world.leader.user)
    assert "The group explored frustration." in client.get(url).content.decode()
    for person in (world.resident, world.administrator):
        client.force_login(person.user)
        response = client.get(url)
        assert "The group explored frustration." not in response.content.decode()


def test_it_keeps_the_people_page_query_count_flat(client, world, django_assert_max_num_queries):
    for i in range(30):
        make_person(world.program, f"extra{i}", Role.RESIDENT, f"Extra {i}", cohort=world.cohort)
    client.force_login(world.administrator.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programs:people", args=[world.program.slug]))
    assert response.status_code == 200
    assert "Extra 29" in response.content.decode()


def _query_counts(client, world) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, args in [
        ("meetings:list", [world.group.code]),
        ("programs:group", [world.group.code]),
        ("core:home", []),
    ]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name, args=args)).status_code == 200
        counts[name] = len(captured.captured_queries)
    return counts


def test_it_keeps_the_session_list_query_count_flat(client, world, django_assert_max_num_queries):
    client.force_login(world.leader.user)
    client.get(reverse("core:home"))  # the first request after sign-in saves the session once
    before = _query_counts(client, world)
    start = world.past_meeting.starts_at
    for week in range(1, 60):
        make_meeting(world.group, start - datetime.timedelta(weeks=week), status=Meeting.Status.HELD)
    assert _query_counts(client, world) == before
    with django_assert_max_num_queries(20):
        assert client.get(reverse("meetings:list", args=[world.group.code])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("programs:group", args=[world.group.code])).status_code == 200
    # The home page gathers a panel from every capability (polls, surveys, leader log, reports...).
    with django_assert_max_num_queries(32):
        assert client.get(reverse("core:home")).status_code == 200


def test_it_builds_password_reset_links_from_the_site_address(client, world, settings, mailoutbox):
    settings.SITE_URL = "https://balint.example.edu"
    settings.ALLOWED_HOSTS = ["*"]  # even a Host the site accepts never makes it into the link
    client.post(reverse("password_reset"), {"email": world.leader.email}, HTTP_HOST="evil.example.com")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "https://balint.example.edu/accounts/reset/" in body
    assert "evil.example.com" not in body


def test_it_sends_a_reset_link_to_someone_without_a_password_yet_but_not_to_an_inactive_login(
    client, world, mailoutbox
):
    user = world.leader.user
    user.set_unusable_password()  # e.g. added by an administrator, or restored from a program backup
    user.save()
    client.post(reverse("password_reset"), {"email": world.leader.email.upper()})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [world.leader.email]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    form_page = client.get(link, follow=True)
    new = "a brand new long passphrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    user.is_active = False
    user.save()
    client.post(reverse("password_reset"), {"email": world.leader.email})
    assert len(mailoutbox) == 1
