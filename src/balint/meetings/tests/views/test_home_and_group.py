import datetime

import time_machine
from django.urls import reverse

from balint.meetings.services import proposal_create


def test_a_resident_sees_open_polls_on_the_home_page(client, world):
    proposal_create(meeting=world.next_meeting, person=world.other_resident, focus="topic", title="Sleep")
    client.force_login(world.resident.user)
    page = client.get(reverse("core:home")).content.decode()
    assert "Choose the focus" in page and "1 proposal, 0 votes" in page and "vote by" in page


def test_a_leader_sees_polls_waiting_for_confirmation(client, world):
    with time_machine.travel(world.next_meeting.poll_deadline + datetime.timedelta(minutes=5), tick=False):
        client.force_login(world.leader.user)
        page = client.get(reverse("core:home")).content.decode()
    assert "Focus polls" in page and "closed: confirm the focus" in page


def test_no_poll_panel_for_people_without_polls(client, world):
    client.force_login(world.transcriber.user)
    assert "Focus polls" not in client.get(reverse("core:home")).content.decode()


def test_the_group_page_shows_sessions_at_a_glance(client, world):
    client.force_login(world.leader.user)
    page = client.get(reverse("programs:group", args=[world.group.code])).content.decode()
    assert "Next sessions" in page and "Recent sessions" in page and "Focus by quarter" in page
    assert "2/2 present" in page
    client.force_login(world.resident.user)
    page = client.get(reverse("programs:group", args=[world.group.code])).content.decode()
    assert "Recent sessions" in page and "present" not in page


def test_the_home_poll_counts_each_sessions_proposals_and_votes(client, world):
    from balint.meetings.services import vote_cast

    sleep = proposal_create(
        meeting=world.next_meeting, person=world.other_resident, focus="topic", title="Sleep"
    )
    proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Night shifts")
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=sleep)
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=sleep)
    client.force_login(world.leader.user)
    assert "2 proposals, 2 votes" in client.get(reverse("core:home")).content.decode()
