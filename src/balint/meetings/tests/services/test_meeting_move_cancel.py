import datetime
import zoneinfo

import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import Meeting
from balint.meetings.services import local_datetime, meeting_add, meeting_cancel, meeting_move

NY = zoneinfo.ZoneInfo("America/New_York")


def test_it_moves_a_session_keeping_its_length_and_first_start(world):
    meeting = world.next_meeting
    first = meeting.starts_at
    new_start = local_datetime(program=world.program, day=datetime.date(2030, 5, 7), at=datetime.time(13, 0))
    meeting_move(meeting=meeting, starts_at=new_start)
    meeting_move(meeting=meeting, starts_at=new_start + datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    assert meeting.moved_from == first
    assert meeting.local_start.strftime("%Y-%m-%d %H:%M") == "2030-05-07 14:00"
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=1)


def test_it_refuses_to_move_a_held_session(world):
    with pytest.raises(ApplicationError, match="held session cannot be moved"):
        meeting_move(
            meeting=world.past_meeting, starts_at=world.past_meeting.starts_at + datetime.timedelta(days=1)
        )


def test_it_refuses_to_move_onto_another_session(world):
    with pytest.raises(ApplicationError, match="already meets"):
        meeting_move(
            meeting=world.next_meeting,
            starts_at=world.past_meeting.starts_at + datetime.timedelta(minutes=30),
        )


def test_it_cancels_with_a_reason_once(world):
    meeting_cancel(meeting=world.next_meeting, reason="  In-training examination ")
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.CANCELLED
    assert world.next_meeting.cancel_reason == "In-training examination"
    with pytest.raises(ApplicationError, match="already cancelled"):
        meeting_cancel(meeting=world.next_meeting, reason="Again")
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.cancel_reason == "In-training examination"


def test_it_needs_a_reason_to_cancel(world):
    with pytest.raises(ApplicationError, match="reason"):
        meeting_cancel(meeting=world.next_meeting, reason="   ")
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.SCHEDULED


def test_it_adds_a_one_off_session_but_not_on_top_of_another(world):
    starts = datetime.datetime(2030, 6, 4, 12, 30, tzinfo=NY)
    meeting = meeting_add(group=world.group, starts_at=starts, minutes=90)
    assert meeting.schedule is None and meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)
    with pytest.raises(ApplicationError, match="already meets"):
        meeting_add(group=world.group, starts_at=starts + datetime.timedelta(minutes=45), minutes=60)


def test_a_cancelled_session_frees_its_slot(world):
    meeting_cancel(meeting=world.next_meeting, reason="Holiday")
    assert meeting_add(group=world.group, starts_at=world.next_meeting.starts_at, minutes=60).pk
