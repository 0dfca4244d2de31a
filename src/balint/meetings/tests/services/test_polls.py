import datetime

import pytest
import time_machine
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.meetings.models import Meeting, Proposal, Vote
from balint.meetings.services import (
    focus_confirm,
    poll_deadline_set,
    poll_is_open,
    poll_tally,
    proposal_create,
    vote_cast,
)
from balint.meetings.tests.conftest import set_policy
from balint.programs.models import GroupPolicy


def _after_deadline(meeting):
    return time_machine.travel(meeting.poll_deadline + datetime.timedelta(minutes=1), tick=False)


def _proposals(world):
    a = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Feedback to staff"
    )
    b = proposal_create(
        meeting=world.next_meeting,
        person=world.other_resident,
        focus="balint_case",
        title="A patient who never smiles",
    )
    return a, b


def test_it_closes_proposals_and_votes_at_the_deadline(world):
    a, _ = _proposals(world)
    meeting = world.next_meeting
    with time_machine.travel(meeting.poll_deadline - datetime.timedelta(seconds=1), tick=False):
        vote_cast(meeting=meeting, person=world.resident, proposal=a)
        assert poll_is_open(meeting=meeting)
    with _after_deadline(meeting):
        assert not poll_is_open(meeting=meeting)
        with pytest.raises(ApplicationError, match="poll closed"):
            vote_cast(meeting=meeting, person=world.other_resident, proposal=a)
        with pytest.raises(ApplicationError, match="poll closed"):
            proposal_create(meeting=meeting, person=world.other_resident, focus="topic", title="Late idea")
    assert Vote.objects.count() == 1


def test_it_keeps_one_vote_per_resident_moving_it(world):
    a, b = _proposals(world)
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=a)
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=b)
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=b)
    assert list(Vote.objects.values_list("person_id", "proposal_id")) == [(world.resident.pk, b.pk)]


def test_a_clear_winner_must_be_confirmed(world):
    a, b = _proposals(world)
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=b)
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=b)
    with _after_deadline(world.next_meeting):
        assert poll_tally(meeting=world.next_meeting).winner == b
        with pytest.raises(ApplicationError, match="residents chose"):
            focus_confirm(meeting=world.next_meeting, by=world.leader, proposal=a)
        with pytest.raises(ApplicationError, match="residents chose"):
            focus_confirm(meeting=world.next_meeting, by=world.leader, focus="topic", title="Leaders' wish")
        meeting = focus_confirm(meeting=world.next_meeting, by=world.leader, proposal=b)
    assert (meeting.focus, meeting.focus_title, meeting.presenter) == (
        "balint_case",
        b.title,
        world.other_resident,
    )
    assert meeting.focus_confirmed_at is not None


def test_on_a_tie_the_leaders_choose_among_the_tied(world):
    a, b = _proposals(world)
    c = proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Night float")
    vote_cast(meeting=world.next_meeting, person=world.resident, proposal=a)
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=b)
    with _after_deadline(world.next_meeting):
        tally = poll_tally(meeting=world.next_meeting)
        assert tally.winner is None and set(tally.tied) == {a, b}
        assert "tie" in tally.outcome
        with pytest.raises(ApplicationError, match="tied proposals"):
            focus_confirm(meeting=world.next_meeting, by=world.leader, proposal=c)
        meeting = focus_confirm(meeting=world.next_meeting, by=world.leader, proposal=a)
    assert meeting.focus == Meeting.Focus.TOPIC and meeting.presenter is None


def test_with_no_votes_the_leaders_choose(world):
    _proposals(world)
    with _after_deadline(world.next_meeting):
        assert poll_tally(meeting=world.next_meeting).outcome == "No votes: the leaders choose the focus."
        meeting = focus_confirm(
            meeting=world.next_meeting, by=world.leader, focus="topic", title="Sleep and call"
        )
    assert meeting.focus_title == "Sleep and call"


def test_leaders_cannot_confirm_while_the_poll_is_open(world):
    with pytest.raises(ApplicationError, match="still open"):
        focus_confirm(meeting=world.next_meeting, by=world.leader, focus="balint_case")


def test_when_leaders_choose_there_is_no_poll(world):
    set_policy(world, focus_chosen_by=GroupPolicy.FocusChooser.LEADERS)
    assert not poll_is_open(meeting=world.next_meeting)
    with pytest.raises(ApplicationError, match="leaders choose the focus"):
        proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Anything")
    meeting = focus_confirm(meeting=world.next_meeting, by=world.leader, focus="balint_case")
    assert meeting.focus == "balint_case"


def test_problem_solving_follows_the_policy(world):
    set_policy(world, problem_solving_allowed=False)
    with pytest.raises(ApplicationError, match="keeps problem solving out"):
        proposal_create(
            meeting=world.next_meeting, person=world.resident, focus="case_problem_solving", title="x"
        )
    set_policy(world, problem_solving_allowed=True)
    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="case_problem_solving", title="x"
    )
    assert proposal.pk


def test_a_resident_votes_only_in_their_own_group(world, other_group):
    a, _ = _proposals(world)
    stranger = other_group.members.get()
    with pytest.raises(ApplicationError, match="group's residents"):
        vote_cast(meeting=world.next_meeting, person=stranger, proposal=a)
    with pytest.raises(ApplicationError, match="group's residents"):
        vote_cast(meeting=world.next_meeting, person=world.leader, proposal=a)


def test_a_vote_for_another_sessions_proposal_is_refused(world):
    a, _ = _proposals(world)
    later = Meeting.objects.create(
        group=world.group,
        starts_at=world.next_meeting.starts_at + datetime.timedelta(days=7),
        ends_at=world.next_meeting.ends_at + datetime.timedelta(days=7),
    )
    with pytest.raises(ApplicationError, match="another session"):
        vote_cast(meeting=later, person=world.resident, proposal=a)


def test_the_same_proposal_twice_and_a_fourth_are_refused(world):
    proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Feedback  to staff"
    )
    with pytest.raises(ApplicationError, match="already proposed"):
        proposal_create(
            meeting=world.next_meeting, person=world.resident, focus="topic", title="feedback to staff"
        )
    proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Two")
    proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Three")
    with pytest.raises(ApplicationError, match="At most 3"):
        proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Four")
    assert Proposal.objects.count() == 3


def test_a_settled_focus_closes_the_poll(world):
    set_policy(world, focus_chosen_by=GroupPolicy.FocusChooser.LEADERS)
    focus_confirm(meeting=world.next_meeting, by=world.leader, focus="balint_case")
    set_policy(world, focus_chosen_by=GroupPolicy.FocusChooser.RESIDENTS)
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.focus_confirmed_at <= timezone.now()
    with pytest.raises(ApplicationError, match="already settled"):
        proposal_create(meeting=world.next_meeting, person=world.resident, focus="topic", title="Anything")


def test_leaders_move_the_deadline_within_limits(world):
    meeting = world.next_meeting
    closes = meeting.starts_at - datetime.timedelta(hours=3)
    assert poll_deadline_set(meeting=meeting, by=world.leader, closes_at=closes).poll_deadline == closes
    with pytest.raises(ApplicationError, match="no later than the session"):
        poll_deadline_set(
            meeting=meeting, by=world.leader, closes_at=meeting.starts_at + datetime.timedelta(minutes=1)
        )
    with pytest.raises(ApplicationError, match="in the future"):
        poll_deadline_set(
            meeting=meeting, by=world.leader, closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    with pytest.raises(ApplicationError, match="leaders"):
        poll_deadline_set(meeting=meeting, by=world.resident, closes_at=closes)
