"""Adding and changing log entries: bad input gets a clear error and loses nothing."""

import pytest
from django.urls import reverse

from balint.leaders.models import SupervisionSession, TrainingEvent
from balint.leaders.tests.factories import leader_entries

pytestmark = pytest.mark.django_db


def test_it_adds_a_supervision_session_for_a_group_the_leader_leads(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("leaders:supervision_new"),
        {
            "held_on": "2025-05-01",
            "supervisor": "Dr Sup",
            "group": world.group.pk,
            "hours": "1.5",
            "recorded": "on",
        },
    )
    assert response.status_code == 302
    entry = SupervisionSession.objects.get(leader=world.leader)
    assert entry.group == world.group and str(entry.hours) == "1.50" and entry.recorded


def test_it_refuses_a_forged_group_from_another_program(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("leaders:supervision_new"),
        {"held_on": "2025-05-01", "supervisor": "Dr Sup", "group": world.outsider_group.pk, "hours": "1"},
    )
    assert response.status_code == 422 and not SupervisionSession.objects.exists()


def test_it_asks_which_group_was_discussed(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("leaders:supervision_new"), {"held_on": "2025-05-01", "supervisor": "S", "hours": "1"}
    )
    assert response.status_code == 422 and "Name the group discussed" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "intensive", "title": "x" * 201, "starts_on": "2025-01-01", "hours": "24"},
        {
            "kind": "intensive",
            "title": "Intensive",
            "starts_on": "2025-01-05",
            "ends_on": "2025-01-01",
            "hours": "24",
        },
        {"kind": "intensive", "title": "Intensive", "starts_on": "2025-01-01", "hours": "0"},
        {"kind": "intensive", "title": "Intensive", "starts_on": "2025-01-01", "hours": "999"},
        {"kind": "retreat", "title": "Intensive", "starts_on": "2025-01-01", "hours": "24"},
        {"kind": "intensive", "title": "Intensive", "starts_on": "1900-01-01", "hours": "24"},
    ],
    ids=["long-title", "ends-before-start", "zero-hours", "too-many-hours", "unknown-kind", "ancient-date"],
)
def test_it_refuses_bad_training_input_without_saving(client, world, data):
    client.force_login(world.leader.user)
    assert client.post(reverse("leaders:training_new"), data).status_code == 422
    assert not TrainingEvent.objects.exists()


def test_it_edits_and_deletes_only_its_own_entries(client, world):
    entries = leader_entries(world)
    client.force_login(world.leader.user)
    url = reverse("leaders:training_edit", args=[entries.training.code])
    response = client.post(
        url, {"kind": "workshop", "title": "Renamed", "starts_on": "2025-02-01", "hours": "6"}
    )
    assert response.status_code == 302
    entries.training.refresh_from_db()
    assert entries.training.title == "Renamed" and entries.training.leader == world.leader
    client.post(reverse("leaders:training_delete", args=[entries.training.code]))
    assert not TrainingEvent.objects.filter(pk=entries.training.pk).exists()
    assert client.post(reverse("leaders:training_delete", args=[entries.training.code])).status_code == 404


def test_it_refuses_a_session_led_elsewhere_in_the_future(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("leaders:elsewhere_new"), {"held_on": "2999-01-01", "setting": "Clinic", "minutes": "60"}
    )
    assert response.status_code == 422
