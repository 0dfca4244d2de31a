from django.contrib.auth import get_user_model
from django.urls import reverse

from balint.programs.models import Cohort, Membership, Program

PROGRAM = {
    "name": "Lakeside FM Residency",
    "institution": "Lakeside Health",
    "specialty": "Family medicine",
    "time_zone": "America/Chicago",
    "year_start_month": "8",
    "training_years": "4",
    "anonymity_threshold": "6",
}


def test_it_lets_a_site_administrator_create_a_program_and_administer_it(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-enough-secret")
    client.force_login(user)
    assert "Create a program" in client.get("/").content.decode()
    response = client.post(reverse("programs:create"), PROGRAM | {"name": "New Program"})
    program = Program.objects.get(name="New Program")
    assert response.status_code == 302 and program.slug == "new-program"
    assert Membership.objects.get(program=program).role == "admin"
    assert program.current_year is not None


def test_it_edits_the_program_and_shows_bad_values_beside_their_fields(client, world):
    client.force_login(world.administrator.user)
    url = reverse("programs:edit", args=[world.program.slug])
    bad = client.post(url, PROGRAM | {"anonymity_threshold": "2", "time_zone": "Mars/Olympus"})
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "greater than or equal to 3" in page and "Select a valid choice" in page
    assert "program_threshold_min" not in page
    assert client.post(url, PROGRAM).status_code == 302
    program = Program.objects.get(pk=world.program.pk)
    assert (program.year_start_month, program.training_years, program.anonymity_threshold) == (8, 4, 6)
    assert program.time_zone == "America/Chicago"


def test_it_adds_renames_and_graduates_cohorts(client, world):
    client.force_login(world.administrator.user)
    url = reverse("programs:cohorts", args=[world.program.slug])
    assert client.post(url, {"name": "Class of 2030", "entry_year": "2027"}).status_code == 302
    duplicate = client.post(url, {"name": "class of 2030", "entry_year": "2027"})
    assert duplicate.status_code == 422
    assert "already has a cohort with this name" in duplicate.content.decode()
    assert "cohort_name_unique" not in duplicate.content.decode()
    edit = reverse("programs:cohort_edit", args=[world.program.slug, world.cohort.code])
    assert client.post(edit, {"name": "Class of 2027 (A)", "entry_year": "2024"}).status_code == 302
    graduate = reverse("programs:cohort_graduate", args=[world.program.slug, world.cohort.code])
    client.post(graduate)
    cohort = Cohort.objects.get(pk=world.cohort.pk)
    assert cohort.name == "Class of 2027 (A)" and cohort.graduated
    assert not world.group.members.exists()  # both residents were in that cohort


def test_it_edits_a_person_and_refuses_removing_a_role_in_use(client, world):
    client.force_login(world.administrator.user)
    url = reverse("programs:person_edit", args=[world.program.slug, world.resident.code])
    refused = client.post(url, {"full_name": "Rita R.", "email": "rita@example.org", "roles": ["analyst"]})
    assert refused.status_code == 422
    assert "still a member of Tuesday group" in refused.content.decode()
    ok = client.post(
        url,
        {
            "full_name": "Rita R.",
            "email": "rita.r@example.org",
            "roles": ["resident"],
            "cohort": world.cohort.pk,
        },
    )
    assert ok.status_code == 302
    world.resident.refresh_from_db()
    assert world.resident.full_name == "Rita R." and world.resident.user.email == "rita.r@example.org"
    transcriber = reverse("programs:person_edit", args=[world.program.slug, world.transcriber.code])
    client.post(
        transcriber, {"full_name": "Tess", "email": "tess@example.org", "roles": ["transcriber", "analyst"]}
    )
    assert set(world.transcriber.memberships.values_list("role", flat=True)) == {"transcriber", "analyst"}


def test_it_lists_seats_of_a_group_with_past_ones(client, world):
    client.force_login(world.administrator.user)
    end = reverse("programs:group_seat_end", args=[world.group.code, world.other_resident.code])
    client.post(end, {"kind": "member", "ends_on": "2020-01-01"})  # before the group began: refused
    page = client.get(reverse("programs:group_people", args=[world.group.code]), follow=True).content.decode()
    assert "the end date cannot be earlier" in page
    client.post(end, {"kind": "member", "ends_on": "2025-01-01"})
    page = client.get(reverse("programs:group_people", args=[world.group.code])).content.decode()
    assert "Remy Resident" in page and "1 Jan 2025" in page
