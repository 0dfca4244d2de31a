import datetime

import time_machine
from django.urls import reverse

from balint.meetings.models import Meeting, Proposal, Vote
from balint.meetings.services import proposal_create
from balint.meetings.tests.conftest import set_policy
from balint.programs.models import GroupPolicy


def test_a_resident_proposes_and_votes(client, world):
    client.force_login(world.resident.user)
    url = reverse("meetings:propose", args=[world.next_meeting.code])
    response = client.post(url, {"focus": "topic", "title": "Feedback to clinic staff"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author == world.resident
    response = client.post(
        reverse("meetings:vote", args=[world.next_meeting.code]), {"proposal": str(proposal.code)}
    )
    assert response.status_code == 302
    assert Vote.objects.get().proposal == proposal
    page = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "your vote" in page and "On a tie, the leaders choose among the tied proposals." in page


def test_a_double_submitted_proposal_is_refused_and_nothing_is_lost(client, world):
    client.force_login(world.resident.user)
    url = reverse("meetings:propose", args=[world.next_meeting.code])
    client.post(url, {"focus": "topic", "title": "Feedback"})
    response = client.post(url, {"focus": "topic", "title": "Feedback"})
    assert response.status_code == 422
    assert "already proposed" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_an_over_long_or_forged_proposal_is_refused(client, world):
    client.force_login(world.resident.user)
    url = reverse("meetings:propose", args=[world.next_meeting.code])
    response = client.post(url, {"focus": "topic", "title": "x" * 161})
    assert response.status_code == 422 and "at most 160" in response.content.decode()
    response = client.post(url, {"focus": "surgery", "title": "x"})
    assert response.status_code == 422
    assert not Proposal.objects.exists()


def test_a_vote_for_a_proposal_of_another_session_is_refused(client, world, other_group):
    stranger_meeting = Meeting.objects.create(
        group=other_group, starts_at=world.next_meeting.starts_at, ends_at=world.next_meeting.ends_at
    )
    foreign = proposal_create(
        meeting=stranger_meeting, person=other_group.members.get(), focus="topic", title="x"
    )
    client.force_login(world.resident.user)
    response = client.post(
        reverse("meetings:vote", args=[world.next_meeting.code]), {"proposal": str(foreign.code)}
    )
    assert response.status_code == 422 and "not part of this session" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_resident_votes_only_in_their_own_group(client, world, other_group):
    proposal = proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="x")
    client.force_login(other_group.members.get().user)
    response = client.post(
        reverse("meetings:vote", args=[world.next_meeting.code]), {"proposal": str(proposal.code)}
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_the_leader_sees_the_tally_and_confirms_after_the_deadline(client, world):
    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="balint_case", title="A quiet man"
    )
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "Tally" in page and "Rita Resident" in page and "Confirm the focus" not in page
    with time_machine.travel(world.next_meeting.poll_deadline + datetime.timedelta(hours=1), tick=False):
        client.force_login(world.leader.user)  # the earlier sign-in would have expired by then
        response = client.post(
            reverse("meetings:focus", args=[world.next_meeting.code]), {"proposal": str(proposal.code)}
        )
    assert response.status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.focus_title == "A quiet man" and world.next_meeting.presenter == world.resident


def test_residents_do_not_see_who_proposed_or_the_tally(client, world):
    proposal_create(meeting=world.next_meeting, person=world.other_resident, focus="topic", title="Sleep")
    client.force_login(world.resident.user)
    page = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "Sleep" in page and "Remy Resident" not in page and "Tally" not in page


def test_no_poll_appears_when_leaders_choose(client, world):
    set_policy(world, focus_chosen_by=GroupPolicy.FocusChooser.LEADERS)
    client.force_login(world.resident.user)
    page = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "Focus poll" not in page and "Propose" not in page
    assert (
        client.post(
            reverse("meetings:propose", args=[world.next_meeting.code]), {"focus": "topic", "title": "x"}
        ).status_code
        == 422
    )


def test_a_leader_moves_the_poll_deadline_and_a_bad_one_is_shown_back(client, world):
    client.force_login(world.leader.user)
    url = reverse("meetings:poll_deadline", args=[world.next_meeting.code])
    day = world.next_meeting.local_start.date() - datetime.timedelta(
        days=1
    )  # before it, at any hour of a run
    response = client.post(url, {"date": day.isoformat(), "time": "08:00"})
    assert response.status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.local_poll_deadline.strftime("%H:%M") == "08:00"
    response = client.post(url, {"date": (day + datetime.timedelta(days=2)).isoformat(), "time": "08:00"})
    assert response.status_code == 422 and "no later than the session starts" in response.content.decode()
