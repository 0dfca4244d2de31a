"""A session's writes lock the session's row they re-check, not its group's and program's rows, which they
only read: so two groups' residents voting at the same moment, or a leader saving notes while a resident
votes, do not wait for each other (PostgreSQL; SQLite has one writer at a time anyway)."""

import datetime
from functools import partial

import pytest
from django.db import OperationalError, connection

from balint.core.testing.locks import done_elsewhere, lock_timeout, row_locked_elsewhere
from balint.meetings.models import Meeting, Vote
from balint.meetings.services import meeting_add, meeting_move, poll_deadline_set, proposal_create, vote_cast
from balint.programs.models import Group, Program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


@pytest.mark.parametrize("held", [Program, Group])
def test_a_vote_does_not_wait_for_the_program_or_group_row(world, held):
    meeting = world.next_meeting
    proposal = proposal_create(
        meeting=meeting, person=world.resident, focus="topic", title="Feedback to staff"
    )
    row = world.program.pk if held is Program else world.group.pk
    with row_locked_elsewhere(held, row), lock_timeout():
        vote_cast(meeting=meeting, person=world.resident, proposal=proposal)
    assert Vote.objects.filter(meeting=meeting, person=world.resident, proposal=proposal).exists()


def test_a_leader_moving_the_deadline_does_not_wait_for_the_program_row(world):
    meeting = world.next_meeting
    closes_at = meeting.poll_deadline - (meeting.poll_deadline - meeting.created_at) / 2
    with row_locked_elsewhere(Program, world.program.pk), lock_timeout():
        poll_deadline_set(meeting=meeting, by=world.leader, closes_at=closes_at)
    meeting.refresh_from_db()
    assert meeting.poll_closes_at == closes_at


def test_the_session_row_itself_is_still_locked(world):
    """The re-check under the lock stays: a vote waits while another transaction holds the session's row."""
    meeting = world.next_meeting
    proposal = proposal_create(
        meeting=meeting, person=world.resident, focus="topic", title="Feedback to staff"
    )
    locked = pytest.raises(OperationalError, match="lock timeout")
    with row_locked_elsewhere(Meeting, meeting.pk), locked, lock_timeout():
        vote_cast(meeting=meeting, person=world.resident, proposal=proposal)
    assert not Vote.objects.filter(meeting=meeting).exists()


def test_moving_a_session_still_waits_for_a_schedule_change_of_its_group(world):
    """Schedule changes of a group go one at a time (they hold the group's row): a move waits for them."""
    meeting = world.next_meeting
    locked = pytest.raises(OperationalError, match="lock timeout")
    with row_locked_elsewhere(Group, world.group.pk), locked, lock_timeout():
        meeting_move(meeting=meeting, starts_at=meeting.starts_at + datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    assert meeting.moved_from is None


def test_a_session_added_meanwhile_waits_so_two_never_overlap(world):
    """Two overlapping sessions added at once: each was checked for overlap before the other had committed, so
    both were kept. The check and the insert now hold the group's row: the second waits for the first."""
    starts_at = world.next_meeting.starts_at + datetime.timedelta(days=2)
    first = partial(meeting_add, group=world.group, starts_at=starts_at, minutes=90)
    locked = pytest.raises(OperationalError, match="lock timeout")
    with done_elsewhere(first), locked, lock_timeout():
        meeting_add(group=world.group, starts_at=starts_at + datetime.timedelta(minutes=30), minutes=90)
    assert Meeting.objects.filter(group=world.group, starts_at__gte=starts_at).count() == 1
