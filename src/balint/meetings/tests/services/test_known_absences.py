import datetime

import pytest
import time_machine

from balint.core.errors import ApplicationError
from balint.meetings.models import Attendance, Meeting
from balint.meetings.services import SheetState, attendance_clear, attendance_record, attendance_state


def test_it_records_a_known_absence_with_its_reason_ahead_of_the_session(world):
    assert attendance_state(meeting=world.next_meeting) == SheetState.AHEAD
    mark = attendance_record(
        meeting=world.next_meeting, person=world.resident, status="absent", reason="leave"
    )
    assert (mark.status, mark.reason) == ("absent", "leave")
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.SCHEDULED  # recording ahead does not hold the session


def test_it_refuses_a_known_absence_without_a_reason_and_anything_but_absent(world):
    with pytest.raises(ApplicationError, match="needs its reason"):
        attendance_record(meeting=world.next_meeting, person=world.resident, status="absent")
    for status in ("on_time", "late"):
        with pytest.raises(ApplicationError, match="Until then you can record a known absence"):
            attendance_record(
                meeting=world.next_meeting, person=world.resident, status=status, reason="leave"
            )
    assert not Attendance.objects.filter(meeting=world.next_meeting).exists()


def test_a_known_absence_is_taken_back_ahead_but_never_once_attendance_opens(world):
    attendance_record(meeting=world.next_meeting, person=world.resident, status="absent", reason="on_service")
    attendance_clear(meeting=world.next_meeting, person=world.resident)
    assert not Attendance.objects.filter(meeting=world.next_meeting).exists()
    attendance_record(meeting=world.next_meeting, person=world.resident, status="absent", reason="on_service")
    with time_machine.travel(world.next_meeting.starts_at - datetime.timedelta(minutes=30)):
        assert attendance_state(meeting=world.next_meeting) == SheetState.OPEN
        with pytest.raises(ApplicationError, match="change the mark"):
            attendance_clear(meeting=world.next_meeting, person=world.resident)
        # The known absence stands on the sheet and may be changed when the resident turns up after all.
        mark = attendance_record(meeting=world.next_meeting, person=world.resident, status="on_time")
    assert (mark.status, mark.reason) == ("on_time", "")


def test_a_cancelled_session_takes_nothing(world):
    Meeting.objects.filter(pk=world.next_meeting.pk).update(status=Meeting.Status.CANCELLED)
    world.next_meeting.refresh_from_db()
    assert attendance_state(meeting=world.next_meeting) == SheetState.CANCELLED
    with pytest.raises(ApplicationError, match="cancelled"):
        attendance_record(meeting=world.next_meeting, person=world.resident, status="absent", reason="leave")
