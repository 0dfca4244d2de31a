"""Attendance marks, with the group's latecomer rule of the day recorded on each mark."""

import datetime

from django.db import transaction
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Attendance, Meeting
from balint.meetings.services.polls import meeting_policy
from balint.meetings.services.schedules import meeting_mark_held
from balint.programs.models import Person

# Attendance may be taken from shortly before the start, so leaders can open the page as people arrive.
OPENS_BEFORE = datetime.timedelta(hours=1)


@transaction.atomic
def attendance_record(*, meeting: Meeting, person: Person, status: str, reason: str = "") -> Attendance:
    """Record or change one member's mark; the latecomer rule in force that day is stored with it."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError("This session was cancelled; there is no attendance to take.")
    if meeting.starts_at - OPENS_BEFORE > timezone.now():
        raise ApplicationError("Attendance opens an hour before the session starts.")
    if not meeting.group.has_member(person):
        raise ApplicationError(
            "This person is not a member of the group.", extra={"person": str(person.code)}
        )
    if status not in Attendance.Status.values:
        raise ApplicationError("Mark on time, late or absent.", extra={"field": "status"})
    if status == Attendance.Status.ON_TIME:
        reason = ""
    policy = meeting_policy(meeting=meeting)
    rule = policy.latecomers if policy else ""
    attendance = Attendance.objects.filter(meeting=meeting, person=person).select_for_update().first()
    attendance = attendance or Attendance(meeting=meeting, person=person)
    attendance.status, attendance.reason, attendance.latecomer_rule = status, reason, rule
    validated(attendance).save()
    meeting_mark_held(meeting=meeting)
    return attendance
