"""Defining a program's own path through the form, following paths, and the progress that follows."""

import datetime

import pytest
from django.urls import reverse

from balint.leaders.models import CertificationPath, FollowedPath, Requirement, SupervisionSession
from balint.leaders.tests.factories import leader_entries, ready_made

pytestmark = pytest.mark.django_db


def _path_data(program, **rows):
    data = {
        "program": program.pk,
        "name": "Hillside standard",
        "body": "Hillside GME",
        "source_url": "example.org/p",
        "req-TOTAL_FORMS": "3",
        "req-INITIAL_FORMS": "0",
    }
    data |= {
        "req-0-kind": "supervision_hours",
        "req-0-label": "Ten hours of supervision",
        "req-0-minimum": "10",
        "req-0-per_month": "1",
        "req-0-required": "on",
        "req-0-within_months": "24",
    }
    data |= {
        "req-1-kind": "training_count",
        "req-1-label": "One workshop",
        "req-1-minimum": "1",
        "req-1-training_kind": "workshop",
        "req-1-per_month": "1",
        "req-1-required": "on",
    }
    data |= {"req-2-per_month": "1", "req-2-minimum": "1", "req-2-required": "on"}  # an untouched extra row
    return data | rows


def test_it_lets_a_program_admin_define_a_path(client, world):
    client.force_login(world.administrator.user)
    response = client.post(reverse("leaders:path_new"), _path_data(world.program))
    assert response.status_code == 302
    path = CertificationPath.objects.get(name="Hillside standard")
    assert path.program == world.program and path.source_url == "https://example.org/p"
    assert [(r.kind, r.minimum, r.within_months, r.training_kind) for r in path.requirements.all()] == [
        ("supervision_hours", 10, 24, ""),
        ("training_count", 1, None, "workshop"),
    ]


def test_it_saves_nothing_when_one_requirement_is_wrong(client, world):
    client.force_login(world.leader.user)
    data = _path_data(world.program, **{"req-1-kind": "debrief_percent", "req-1-minimum": "150"})
    response = client.post(reverse("leaders:path_new"), data)
    assert (
        response.status_code == 422 and not CertificationPath.objects.filter(program=world.program).exists()
    )


def test_it_refuses_a_path_for_a_program_the_person_does_not_belong_to(client, world):
    client.force_login(world.outsider.user)
    assert client.post(reverse("leaders:path_new"), _path_data(world.program)).status_code == 422
    assert not CertificationPath.objects.filter(program=world.program).exists()


def test_it_refuses_a_duplicate_name_and_a_path_without_requirements(client, world):
    client.force_login(world.leader.user)
    assert client.post(reverse("leaders:path_new"), _path_data(world.program)).status_code == 302
    assert client.post(reverse("leaders:path_new"), _path_data(world.program)).status_code == 422
    empty = _path_data(world.program, name="Empty") | {"req-TOTAL_FORMS": "0"}
    assert client.post(reverse("leaders:path_new"), empty).status_code == 422
    assert CertificationPath.objects.filter(program=world.program).count() == 1


def test_it_replaces_requirements_on_edit_and_keeps_ready_made_paths_read_only(client, world):
    entries = leader_entries(world)
    client.force_login(world.leader.user)
    url = reverse("leaders:path_edit", args=[entries.program_path.code])
    data = _path_data(world.program, name="Renamed") | {"req-TOTAL_FORMS": "1"}
    assert client.post(url, data).status_code == 302
    assert list(entries.program_path.requirements.values_list("kind", flat=True)) == ["supervision_hours"]
    assert client.get(reverse("leaders:path_edit", args=[ready_made().code])).status_code == 403
    client.force_login(world.co_leader.user)  # neither its author nor an admin
    assert client.get(url).status_code == 403


def test_it_follows_a_path_once(client, world):
    client.force_login(world.leader.user)
    url = reverse("leaders:path_follow", args=[ready_made().code])
    assert client.post(url, {"started_on": "2025-01-01"}).status_code == 302
    assert client.post(url, {"started_on": "2025-01-01"}).status_code == 422
    assert client.post(url, {"started_on": "not a date"}).status_code == 422
    assert FollowedPath.objects.filter(leader=world.leader).count() == 1


def test_it_shows_progress_change_when_supervision_is_added(client, world):
    entries = leader_entries(world)
    SupervisionSession.objects.all().delete()
    client.force_login(world.leader.user)
    url = reverse("leaders:progress", args=[entries.followed.code])
    assert "1 of 2" not in client.get(url).content.decode()
    assert "0 / 1 sessions" in client.get(url).content.decode()
    client.post(
        reverse("leaders:supervision_new"),
        {
            "held_on": datetime.date.today().isoformat(),
            "supervisor": "S",
            "group": world.group.pk,
            "hours": "1",
        },
    )
    assert "1 / 1 sessions" in client.get(url).content.decode()


def test_it_confirms_only_the_paths_own_conditions(client, world):
    path = ready_made()
    followed = FollowedPath.objects.create(leader=world.leader, path=path, started_on="2025-01-01")
    condition = path.requirements.filter(kind=Requirement.Kind.ATTESTATION).first()
    client.force_login(world.leader.user)
    url = reverse("leaders:progress_settings", args=[followed.code])
    assert client.post(url, {"started_on": "2025-01-01", "confirmed": [condition.pk]}).status_code == 302
    assert list(followed.confirmed.all()) == [condition]
    other = path.requirements.exclude(kind=Requirement.Kind.ATTESTATION).first()
    assert client.post(url, {"started_on": "2025-01-01", "confirmed": [other.pk]}).status_code == 422
    assert client.post(url, {"started_on": "2025-01-01", "target_on": "2024-01-01"}).status_code == 422


def test_the_progress_page_advises_in_german(client, world):
    path = ready_made()  # has a condition to confirm, still unconfirmed
    followed = FollowedPath.objects.create(leader=world.leader, path=path, started_on="2025-01-01")
    client.force_login(world.leader.user)
    page = client.get(reverse("leaders:progress", args=[followed.code]), HTTP_ACCEPT_LANGUAGE="de")
    body = page.content.decode()
    assert "Bestätigen Sie es auf dieser Seite, sobald es zutrifft." in body
    assert "Confirm it on this page once it holds." not in body
