import datetime

import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import Attendance
from balint.meetings.services import attendance_record, meeting_cancel
from balint.meetings.tests.conftest import set_policy
from balint.programs.models import GroupPolicy

L = GroupPolicy.Latecomers


@pytest.mark.parametrize(
    ("rule", "label", "took_part"),
    [
        (L.EXCLUDED, "Late, not admitted", False),
        (L.LISTEN_ONLY, "Late, listening", True),
        (L.FULL, "Late, joined in", True),
    ],
)
def test_it_records_the_latecomer_rule_with_a_late_mark(world, rule, label, took_part):
    set_policy(world, latecomers=rule)
    mark = attendance_record(
        meeting=world.past_meeting, person=world.resident, status="late", reason="clinic_late"
    )
    mark.refresh_from_db()
    assert (mark.latecomer_rule, mark.label, mark.took_part) == (rule, label, took_part)
    assert mark.reason == "clinic_late"


def test_it_keeps_the_rule_of_the_day_even_after_a_policy_change(world):
    mark = attendance_record(meeting=world.past_meeting, person=world.resident, status="late")
    GroupPolicy.objects.create(
        group=world.group,
        effective_from=world.past_meeting.local_start.date() + datetime.timedelta(days=1),
        latecomers=L.EXCLUDED,
    )
    mark.refresh_from_db()
    assert mark.label == "Late, listening"
    other = attendance_record(meeting=world.past_meeting, person=world.other_resident, status="late")
    assert other.latecomer_rule == L.LISTEN_ONLY


def test_one_tap_changes_the_mark_and_clears_the_reason_when_on_time(world):
    attendance_record(meeting=world.past_meeting, person=world.resident, status="absent", reason="post_call")
    mark = attendance_record(
        meeting=world.past_meeting, person=world.resident, status="on_time", reason="post_call"
    )
    assert Attendance.objects.filter(meeting=world.past_meeting, person=world.resident).count() == 1
    assert (mark.status, mark.reason) == ("on_time", "")


def test_it_refuses_people_outside_the_group(world, other_group):
    with pytest.raises(ApplicationError, match="not a member"):
        attendance_record(meeting=world.past_meeting, person=other_group.members.get(), status="on_time")
    with pytest.raises(ApplicationError, match="not a member"):
        attendance_record(meeting=world.past_meeting, person=world.leader, status="on_time")


def test_it_refuses_a_cancelled_or_far_future_session(world):
    with pytest.raises(ApplicationError, match="open an hour before the session"):
        attendance_record(meeting=world.next_meeting, person=world.resident, status="on_time")
    cancelled = meeting_cancel(meeting=world.next_meeting, reason="Holiday")
    with pytest.raises(ApplicationError, match="cancelled"):
        attendance_record(meeting=cancelled, person=world.resident, status="on_time")


def test_it_refuses_an_unknown_reason(world):
    with pytest.raises(ApplicationError):
        attendance_record(
            meeting=world.past_meeting, person=world.resident, status="late", reason="overslept"
        )
