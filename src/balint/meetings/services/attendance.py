"""Attendance marks, with the group's latecomer rule of the day recorded on each mark."""

import datetime

from django.db import transaction
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Attendance, Meeting
from balint.meetings.services.polls import meeting_policy
from balint.meetings.services.schedules import meeting_mark_held
from balint.programs.models import Person

# Attendance may be taken from shortly before the start, so leaders can open the page as people arrive.
OPENS_BEFORE = datetime.timedelta(hours=1)


class SheetState:
    """What the attendance sheet of a session allows now."""

    CANCELLED = "cancelled"  # nothing
    AHEAD = "ahead"  # known absences with their reason, and taking one back
    OPEN = "open"  # on time, late, absent


def attendance_opens_at(*, meeting: Meeting) -> datetime.datetime:
    return meeting.starts_at - OPENS_BEFORE


def attendance_state(*, meeting: Meeting) -> str:
    if meeting.status == Meeting.Status.CANCELLED:
        return SheetState.CANCELLED
    if meeting.status == Meeting.Status.SCHEDULED and attendance_opens_at(meeting=meeting) > timezone.now():
        return SheetState.AHEAD
    return SheetState.OPEN


def _refuse_outsider(meeting: Meeting, person: Person) -> None:
    if not meeting.group.has_member(person):
        raise ApplicationError(
            _("This person is not a member of the group."), extra={"person": str(person.code)}
        )


@transaction.atomic
def attendance_record(*, meeting: Meeting, person: Person, status: str, reason: str = "") -> Attendance:
    """Record or change one member's mark; the latecomer rule in force that day is stored with it.

    Before attendance opens (an hour before the start) only a known absence with its reason is taken.
    """
    state = attendance_state(meeting=meeting)
    if state == SheetState.CANCELLED:
        raise ApplicationError(_("This session was cancelled; there is no attendance to take."))
    _refuse_outsider(meeting, person)
    if status not in Attendance.Status.values:
        raise ApplicationError(_("Mark on time, late or absent."), extra={"field": "status"})
    if state == SheetState.AHEAD:
        if status != Attendance.Status.ABSENT:
            opens = do_timezone(attendance_opens_at(meeting=meeting), meeting.group.program.zone)
            raise ApplicationError(
                _(
                    "On time and late open an hour before the session, at {time} on "
                    "{day}. "
                    "Until then you can record a known absence."
                ).format(time=time_format(opens), day=day(opens, meeting.group.program.zone)),
                extra={"field": "status"},
            )
        if not reason:
            raise ApplicationError(
                _("A known absence needs its reason, e.g. on service or leave."), extra={"field": "reason"}
            )
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


@transaction.atomic
def attendance_clear(*, meeting: Meeting, person: Person) -> None:
    """Take back a known absence before attendance opens; once it opens a mark is changed, never removed."""
    if attendance_state(meeting=meeting) != SheetState.AHEAD:
        raise ApplicationError(_("Attendance is open: change the mark instead of removing it."))
    _refuse_outsider(meeting, person)
    Attendance.objects.filter(meeting=meeting, person=person).delete()
