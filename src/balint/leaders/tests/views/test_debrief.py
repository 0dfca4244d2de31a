import pytest
from django.urls import reverse

from balint.leaders.models import Debrief

pytestmark = pytest.mark.django_db


def test_it_saves_one_debrief_per_leader_even_on_double_submit(client, world):
    client.force_login(world.leader.user)
    url = reverse("leaders:debrief", args=[world.past_meeting.code])
    client.post(url, {"reflection": "First.", "with_co_leader": "on"})
    client.post(url, {"reflection": "Second.", "with_co_leader": "on"})
    debrief = Debrief.objects.get(author=world.leader)
    assert debrief.reflection == "Second." and debrief.with_co_leader


def test_it_refuses_a_debrief_of_a_session_not_yet_held(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("leaders:debrief", args=[world.next_meeting.code]), {"reflection": "Too early."}
    )
    assert response.status_code == 400 and not Debrief.objects.exists()


def test_it_refuses_an_over_long_or_empty_reflection(client, world):
    client.force_login(world.leader.user)
    url = reverse("leaders:debrief", args=[world.past_meeting.code])
    assert client.post(url, {"reflection": "x" * 4001}).status_code == 422
    assert client.post(url, {"reflection": ""}).status_code == 422
    assert not Debrief.objects.exists()


def test_it_refuses_a_resident_and_an_admin(client, world):
    url = reverse("leaders:debrief", args=[world.past_meeting.code])
    for person in (world.resident, world.administrator):
        client.force_login(person.user)
        assert client.post(url, {"reflection": "Hi"}).status_code == 403
    assert not Debrief.objects.exists()
