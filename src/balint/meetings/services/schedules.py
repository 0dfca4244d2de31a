"""Recurring schedules and the sessions they generate; moving, cancelling and adding one-off sessions."""

import datetime
import hashlib
from dataclasses import dataclass, field

from dateutil import rrule
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core import dates
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Meeting, Schedule
from balint.meetings.services.locks import locked_meeting
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


@dataclass
class SchedulePlan:
    """What saving a schedule would do, shown before anything is written (see `schedule_plan`)."""

    create: list[tuple[datetime.datetime, datetime.datetime]] = field(default_factory=list)
    skip: list[tuple[datetime.date, str]] = field(default_factory=list)  # a day of the pattern left out, why
    update: list[tuple[Meeting, datetime.datetime, datetime.datetime]] = field(default_factory=list)
    remove: list[Meeting] = field(default_factory=list)  # future sessions no longer on the pattern
    keep: list[tuple[Meeting, str]] = field(default_factory=list)  # sessions the change leaves alone, why

    @property
    def changes(self) -> int:
        return len(self.create) + len(self.update) + len(self.remove)

    def digest(self) -> str:
        """A fingerprint of the plan: a confirmation applies only the plan that was previewed."""
        parts = [f"c{a.isoformat()}/{b.isoformat()}" for a, b in self.create]
        parts += [f"u{m.pk}:{a.isoformat()}/{b.isoformat()}" for m, a, b in self.update]
        parts += [f"r{m.pk}" for m in self.remove]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _fields(schedule: Schedule | None, fields: dict) -> Schedule:
    values = dict(fields)
    if "weeks_of_month" in values or schedule is None:
        values["weeks_of_month"] = str(values.get("weeks_of_month", "")).replace(" ", "")
    if schedule is None:
        return Schedule(**values)
    edited = Schedule(pk=schedule.pk, code=schedule.code, group=schedule.group)
    edited._state.adding = False  # the same row, changed: its own id and code are not duplicates
    for name in ("repeat", "weekday", "weeks_of_month", "every_weeks", "start_time", "minutes"):
        setattr(edited, name, values.get(name, getattr(schedule, name)))
    edited.starts_on = values.get("starts_on", schedule.starts_on)
    edited.ends_on = values.get("ends_on", schedule.ends_on)
    return edited


def schedule_plan(*, group: Group, schedule: Schedule | None = None, **fields: object) -> SchedulePlan:
    """The sessions a new or changed schedule makes, moves and removes, and the days it skips (no writes).

    A new schedule adds a session on each day of its pattern, except days on which the group already has a
    session (held, scheduled, or cancelled: a cancelled day stays cancelled). A changed schedule only touches
    its own sessions that are still to come and not held: those on a day of the new pattern take the new
    time and length (unless a leader moved them by hand), the others are removed; held and past sessions
    never change. Three queries.
    """
    edited = validated(_fields(schedule, {"group": group, **fields} if schedule is None else fields))
    zone = group.program.zone
    now = timezone.now()
    days = schedule_dates(schedule=edited)
    if len(days) > MAX_GENERATED:
        raise ApplicationError(
            _("This schedule would create {value} sessions; at most {MAX_GENERATED} at a time.").format(
                value=len(days), MAX_GENERATED=MAX_GENERATED
            ),
            extra={"sessions": len(days)},
        )
    plan = SchedulePlan()
    own: dict[datetime.date, Meeting] = {}
    if schedule is not None:
        for meeting in (
            Meeting.objects.filter(schedule=schedule)
            .select_related("group__program")
            .order_by("starts_at", "pk")
        ):
            if meeting.status == Meeting.Status.HELD:
                plan.keep.append((meeting, "held: it never changes"))
            elif meeting.status == Meeting.Status.CANCELLED:
                plan.keep.append((meeting, "cancelled"))
            elif meeting.starts_at <= now:
                plan.keep.append((meeting, "already past"))
            else:
                own[meeting.starts_at.astimezone(zone).date()] = meeting
    others = (
        Meeting.objects.filter(group=group).exclude(schedule=schedule)
        if schedule is not None
        else Meeting.objects.filter(group=group)
    )
    if days:
        others = others.filter(
            starts_at__gte=local_datetime(program=group.program, day=days[0], at=datetime.time.min),
            starts_at__lte=local_datetime(program=group.program, day=days[-1], at=datetime.time.max),
        )
        taken = {}
        for starts_at, status in others.order_by("starts_at").values_list("starts_at", "status"):
            taken.setdefault(starts_at.astimezone(zone).date(), status)
    else:
        taken = {}
    length = datetime.timedelta(minutes=edited.minutes)
    for day in days:
        starts = local_datetime(program=group.program, day=day, at=edited.start_time)
        if day in own:
            meeting = own.pop(day)
            if meeting.moved_from is not None:
                plan.keep.append((meeting, "moved by hand"))
            elif (meeting.starts_at, meeting.ends_at) != (starts, starts + length):
                plan.update.append((meeting, starts, starts + length))
            else:
                plan.keep.append((meeting, "already on the pattern"))
            continue
        if schedule is not None and starts <= now:
            continue  # a changed schedule never adds sessions in the past
        if day in taken:
            status = taken[day]
            why = (
                "the group has a cancelled session that day"
                if status == Meeting.Status.CANCELLED
                else ("the group already has a session that day")
            )
            plan.skip.append((day, why))
            continue
        plan.create.append((starts, starts + length))
    for meeting in own.values():
        if meeting.moved_from is not None:
            plan.keep.append((meeting, "moved by hand"))
        else:
            plan.remove.append(meeting)
    plan.keep.sort(key=lambda item: item[0].starts_at)
    plan.remove.sort(key=lambda m: m.starts_at)
    return plan


def _apply(plan: SchedulePlan, schedule: Schedule) -> None:
    Meeting.objects.bulk_create(
        [Meeting(group=schedule.group, schedule=schedule, starts_at=a, ends_at=b) for a, b in plan.create]
    )
    for meeting, starts, ends in plan.update:
        Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
            starts_at=starts, ends_at=ends, updated_at=timezone.now()
        )
    for meeting in plan.remove:
        used = (
            meeting.proposals.exists()
            or meeting.attendances.exists()
            or bool(meeting.focus)
            or bool(meeting.case_summary)
            or hasattr(meeting, "note")
        )
        if used:  # something was already written for it: it is cancelled, never deleted
            Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
                status=Meeting.Status.CANCELLED,
                cancel_reason="No longer on the schedule",
                updated_at=timezone.now(),
            )
        else:
            Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).delete()


def _refuse_changed(plan: SchedulePlan, expected: str | None) -> None:
    if expected is not None and plan.digest() != expected:
        raise ApplicationError(
            _("The sessions changed since the preview; check the new preview and confirm again."),
            extra={"field": "confirm"},
        )


def _lock_group(group: Group) -> None:
    """Hold the group's row to the end of the transaction: schedule changes and added sessions of a group go
    one at a time, so none is checked for overlap while another is being written."""
    Group.objects.select_for_update().filter(pk=group.pk).first()


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
    expected: str | None = None,
) -> tuple[Schedule, int]:
    """Save the schedule and make the sessions its preview showed; days that hold a session are skipped.

    `expected` is the previewed plan's digest: when given, a plan that changed since is refused.
    """
    fields = {
        "repeat": repeat,
        "weekday": weekday,
        "weeks_of_month": weeks_of_month,
        "every_weeks": every_weeks,
        "start_time": start_time,
        "minutes": minutes,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    _lock_group(group)
    plan = schedule_plan(group=group, **fields)
    _refuse_changed(plan, expected)
    if not plan.create and not plan.skip:
        raise ApplicationError(_("This schedule falls on no day between its start and its end."))
    if not plan.create:
        # A second submit of the same form lands here: nothing to add, and no empty schedule is kept.
        raise ApplicationError(_("Every day of this schedule already has a session; nothing was added."))
    schedule = validated(_fields(None, {"group": group, **fields}))
    schedule.save()
    _apply(plan, schedule)
    return schedule, len(plan.create)


@transaction.atomic
def schedule_update(*, schedule: Schedule, expected: str | None = None, **fields: object) -> SchedulePlan:
    """Change a schedule: its sessions still to come follow the change; held and past ones never change."""
    # the group's row too: one schedule change at a time per group, as schedule_create
    schedule = (
        Schedule.objects.select_for_update(of=("self", "group"))
        .select_related("group__program")
        .get(pk=schedule.pk)
    )
    plan = schedule_plan(group=schedule.group, schedule=schedule, **fields)
    _refuse_changed(plan, expected)
    edited = _fields(schedule, fields)
    for name in (
        "repeat",
        "weekday",
        "weeks_of_month",
        "every_weeks",
        "start_time",
        "minutes",
        "starts_on",
        "ends_on",
    ):
        setattr(schedule, name, getattr(edited, name))
    validated(schedule).save()
    _apply(plan, schedule)
    return plan


def schedule_end_fields(*, schedule: Schedule, last_day: datetime.date) -> dict:
    """The fields that end a schedule after `last_day` (its sessions after that day are removed)."""
    if last_day < schedule.starts_on:
        raise ApplicationError(
            _("The schedule starts on {starts_on}; end it on that day or later.").format(
                starts_on=dates.day(schedule.starts_on)
            ),
            extra={"field": "last_day"},
        )
    if last_day >= schedule.ends_on:
        raise ApplicationError(
            _("The schedule already ends on {ends_on}.").format(ends_on=dates.day(schedule.ends_on)),
            extra={"field": "last_day"},
        )
    return {"ends_on": last_day}


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
            _("The group already meets then ({local_start}).").format(
                local_start=dates.moment(clash.local_start, group.program.zone)
            ),
            extra={"meeting": str(clash.code)},
        )


@transaction.atomic
def meeting_add(*, group: Group, starts_at: datetime.datetime, minutes: int) -> Meeting:
    """Add a one-off session; refused when it overlaps another session of the group."""
    if not 15 <= minutes <= 480:
        raise ApplicationError(_("A session lasts between 15 and 480 minutes."), extra={"minutes": minutes})
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    _lock_group(group)
    _refuse_overlap(group=group, starts_at=starts_at, ends_at=ends_at, exclude=None)
    meeting = validated(Meeting(group=group, starts_at=starts_at, ends_at=ends_at))
    meeting.save()
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: datetime.datetime, minutes: int | None = None) -> Meeting:
    """Move a scheduled session, keeping its length unless told otherwise and remembering its first start."""
    # the group's row too, so no schedule change of the group makes a session overlapping the moved one
    meeting = locked_meeting(meeting, group_too=True)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ApplicationError(
            _("A {value} session cannot be moved.").format(value=meeting.get_status_display().lower())
        )
    length = datetime.timedelta(minutes=minutes) if minutes else meeting.ends_at - meeting.starts_at
    if not datetime.timedelta(minutes=15) <= length <= datetime.timedelta(minutes=480):
        raise ApplicationError(_("A session lasts between 15 and 480 minutes."))
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
            _("Give a reason for cancelling, e.g. “In-training examination”."), extra={"field": "reason"}
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ApplicationError(
            _("This session is already {value}.").format(value=meeting.get_status_display().lower())
        )
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
    validated(meeting).save(update_fields=["status", "cancel_reason", "updated_at"])
    return meeting


@transaction.atomic
def meeting_case_summary_set(*, meeting: Meeting, by: Person, text: str) -> Meeting:
    """Store the de-identified case summary (already through the screening step); leaders or the presenter."""
    meeting = locked_meeting(meeting)
    if not (meeting.group.has_leader(by) or (meeting.presenter_id and meeting.presenter_id == by.pk)):
        raise ApplicationError(_("Only the group's leaders and the presenter write the case summary."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError(_("This session was cancelled."))
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
