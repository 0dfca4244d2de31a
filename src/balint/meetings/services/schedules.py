"""Recurring schedules and the sessions they generate; moving, cancelling and adding one-off sessions."""

import datetime

from dateutil import rrule
from django.db import transaction
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Meeting, Schedule
from balint.programs.models import Group, Person, Program

# How far ahead a schedule may generate sessions in one go.
MAX_GENERATED = 200


def local_datetime(*, program: Program, day: datetime.date, at: datetime.time) -> datetime.datetime:
    """A wall-clock time on a day in the program's zone, right on either side of a daylight-saving change."""
    return datetime.datetime.combine(day, at, tzinfo=program.zone)


def schedule_dates(*, schedule: Schedule) -> list[datetime.date]:
    """The local dates a schedule falls on, from its first to its last day, both included."""
    start = datetime.datetime.combine(schedule.starts_on, datetime.time())
    until = datetime.datetime.combine(schedule.ends_on, datetime.time())
    weekday = rrule.weekday(schedule.weekday)
    if schedule.repeat == Schedule.Repeat.MONTHLY:
        rule = rrule.rrule(
            rrule.MONTHLY, dtstart=start, until=until, byweekday=[weekday(n) for n in schedule.weeks]
        )
    else:
        rule = rrule.rrule(
            rrule.WEEKLY, dtstart=start, until=until, interval=schedule.every_weeks, byweekday=[weekday]
        )
    return [moment.date() for moment in rule]


@transaction.atomic
def schedule_create(
    *,
    group: Group,
    repeat: str,
    weekday: int,
    start_time: datetime.time,
    minutes: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    weeks_of_month: str = "",
    every_weeks: int = 1,
) -> tuple[Schedule, int]:
    """Save the schedule and generate its sessions; days that already hold a group session are skipped."""
    schedule = validated(
        Schedule(
            group=group,
            repeat=repeat,
            weekday=weekday,
            weeks_of_month=weeks_of_month.replace(" ", ""),
            every_weeks=every_weeks,
            start_time=start_time,
            minutes=minutes,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    days = schedule_dates(schedule=schedule)
    if not days:
        raise ApplicationError("This schedule falls on no day between its start and its end.")
    if len(days) > MAX_GENERATED:
        raise ApplicationError(
            f"This schedule would create {len(days)} sessions; at most {MAX_GENERATED} at a time.",
            extra={"sessions": len(days)},
        )
    schedule.save()
    zone = group.program.zone
    taken = {
        starts.astimezone(zone).date()
        for starts in Meeting.objects.filter(
            group=group,
            starts_at__gte=local_datetime(program=group.program, day=days[0], at=datetime.time.min),
            starts_at__lte=local_datetime(program=group.program, day=days[-1], at=datetime.time.max),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("starts_at", flat=True)
    }
    meetings = []
    for day in days:
        if day in taken:
            continue
        starts = local_datetime(program=group.program, day=day, at=start_time)
        meetings.append(
            Meeting(
                group=group,
                schedule=schedule,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=minutes),
            )
        )
    if not meetings:
        # A second submit of the same form lands here: nothing to add, and no empty schedule is kept.
        raise ApplicationError("Every day of this schedule already has a session; nothing was added.")
    Meeting.objects.bulk_create(meetings)
    return schedule, len(meetings)


def _refuse_overlap(
    *, group: Group, starts_at: datetime.datetime, ends_at: datetime.datetime, exclude: int | None
) -> None:
    clash = (
        Meeting.objects.filter(group=group, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=exclude)
        .first()
    )
    if clash:
        raise ApplicationError(
            f"The group already meets then ({clash.local_start:%a %d %b %Y, %H:%M}).",
            extra={"meeting": str(clash.code)},
        )


@transaction.atomic
def meeting_add(*, group: Group, starts_at: datetime.datetime, minutes: int) -> Meeting:
    """Add a one-off session; refused when it overlaps another session of the group."""
    if not 15 <= minutes <= 480:
        raise ApplicationError("A session lasts between 15 and 480 minutes.", extra={"minutes": minutes})
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    _refuse_overlap(group=group, starts_at=starts_at, ends_at=ends_at, exclude=None)
    meeting = validated(Meeting(group=group, starts_at=starts_at, ends_at=ends_at))
    meeting.save()
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: datetime.datetime, minutes: int | None = None) -> Meeting:
    """Move a scheduled session, keeping its length unless told otherwise and remembering its first start."""
    meeting = Meeting.objects.select_for_update().select_related("group__program").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ApplicationError(f"A {meeting.get_status_display().lower()} session cannot be moved.")
    length = datetime.timedelta(minutes=minutes) if minutes else meeting.ends_at - meeting.starts_at
    if not datetime.timedelta(minutes=15) <= length <= datetime.timedelta(minutes=480):
        raise ApplicationError("A session lasts between 15 and 480 minutes.")
    _refuse_overlap(group=meeting.group, starts_at=starts_at, ends_at=starts_at + length, exclude=meeting.pk)
    if meeting.moved_from is None and starts_at != meeting.starts_at:
        meeting.moved_from = meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + length
    validated(meeting).save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a scheduled session with a reason everyone sees; a held or already cancelled one is refused."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Give a reason for cancelling, e.g. “In-training examination”.", extra={"field": "reason"}
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ApplicationError(f"This session is already {meeting.get_status_display().lower()}.")
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
    validated(meeting).save(update_fields=["status", "cancel_reason", "updated_at"])
    return meeting


@transaction.atomic
def meeting_case_summary_set(*, meeting: Meeting, by: Person, text: str) -> Meeting:
    """Store the de-identified case summary (already through the screening step); leaders or the presenter."""
    meeting = Meeting.objects.select_for_update().select_related("group__program").get(pk=meeting.pk)
    if not (meeting.group.has_leader(by) or (meeting.presenter_id and meeting.presenter_id == by.pk)):
        raise ApplicationError("Only the group's leaders and the presenter write the case summary.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError("This session was cancelled.")
    meeting.case_summary = text.strip()
    validated(meeting).save(update_fields=["case_summary", "updated_at"])
    return meeting


def meeting_mark_held(*, meeting: Meeting) -> None:
    """A session whose attendance is taken or whose timer runs has been held."""
    if (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.starts_at <= timezone.now() + datetime.timedelta(hours=1)
    ):
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
            status=Meeting.Status.HELD, updated_at=timezone.now()
        )
        meeting.status = Meeting.Status.HELD
