"""The study's pages for its owner: create, protocol, analysts, list in a fixed number of queries."""

import datetime

from conftest import PASSWORD
from django.urls import reverse

from balint.programs.models import Membership, Role
from balint.studies.models import Study
from balint.studies.tests.factories import join, make_study


def test_it_creates_a_study_with_its_own_workspace_and_refuses_end_before_start(client, world):
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:create")
    data = {
        "title": "Balint in three residencies",
        "aims": "Compare themes across sites.",
        "approval_reference": "IRB-7",
        "starts_on": "2025-01-01",
        "ends_on": "2024-01-01",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422 and "cannot end before it starts" in refused.content.decode()
    assert not Study.objects.exists()
    data["ends_on"] = "2026-06-30"
    assert client.post(url, data).status_code == 302
    study = Study.objects.get()
    assert study.owner == world.administrator and study.ends_on == datetime.date(2026, 6, 30)
    assert not Membership.objects.filter(program=study.workspace).exists()
    detail = client.get(reverse("studies:detail", args=[study.code])).content.decode()
    assert str(study.invitation) in detail


def test_it_adds_an_analyst_by_email_as_a_role_on_the_study_only(client, world):
    study = make_study(world.administrator)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:analysts", args=[study.code])
    missing = client.post(url, {"email": "new@example.org"})
    assert missing.status_code == 422 and "give their name" in missing.content.decode()
    assert client.post(url, {"email": "new@example.org", "full_name": "Nia Newanalyst"}).status_code == 302
    assert client.post(url, {"email": world.outsider.email}).status_code == 302
    analysts = Membership.objects.filter(program=study.workspace, role=Role.ANALYST, active=True)
    assert {m.person.full_name for m in analysts} == {"Nia Newanalyst", "Otto Outsider"}
    # The outsider's own program roles are unchanged: the role is on the study.
    assert not Membership.objects.filter(program=world.program, person=world.outsider).exists()


def _list_queries(client, world, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        study = make_study(world.outsider, title=f"Study {n}")
        join(study, world.program, world.administrator)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("studies:list"))
    assert page.content.decode().count("Study ") >= count
    return len(queries)


def test_it_lists_studies_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    one = _list_queries(client, world, 1)
    client.logout()
    assert _list_queries(client, world, 4) == one
    with django_assert_max_num_queries(25):
        client.get(reverse("studies:program_studies", args=[world.program.slug]))
