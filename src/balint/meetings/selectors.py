"""Reads for sessions, each a fixed number of queries whatever the number of sessions."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from balint.meetings.models import Attendance, Meeting
from balint.programs.models import Group, Person


def meeting_list(*, group: Group) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(group=group)
        .select_related("group__program", "presenter")
        .annotate(
            on_time=Count("attendances", filter=Q(attendances__status=Attendance.Status.ON_TIME)),
            late=Count("attendances", filter=Q(attendances__status=Attendance.Status.LATE)),
            absent=Count("attendances", filter=Q(attendances__status=Attendance.Status.ABSENT)),
        )
    )


def upcoming_meetings(*, groups: QuerySet[Group] | list[Group], limit: int = 5) -> list[Meeting]:
    return list(
        Meeting.objects.filter(group__in=groups, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group__program")
        .order_by("starts_at")[:limit]
    )


def upcoming_for_person(*, person: Person, limit: int = 6) -> list[Meeting]:
    groups = Group.objects.filter(Q(members=person) | Q(leaders=person)).distinct()
    return upcoming_meetings(groups=groups, limit=limit)


@dataclass(frozen=True)
class GroupSummary:
    upcoming: int
    held: int
    cancelled: int
    next_meeting: Meeting | None
    focus_mix: list[tuple[str, int]]
    attendance_rate: float | None
    late_rate: float | None


def group_summary(*, group: Group) -> GroupSummary:
    """Upcoming and past sessions, focus mix and attendance at a glance (four queries)."""
    now = timezone.now()
    counts = Meeting.objects.filter(group=group).aggregate(
        upcoming=Count("pk", filter=Q(starts_at__gte=now) & ~Q(status=Meeting.Status.CANCELLED)),
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
    )
    focus = dict(
        Meeting.objects.filter(group=group, status=Meeting.Status.HELD)
        .exclude(focus="")
        .values_list("focus")
        .annotate(n=Count("pk"))
    )
    marks = Attendance.objects.filter(meeting__group=group).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=~Q(status=Attendance.Status.ABSENT)),
        late=Count("pk", filter=Q(status=Attendance.Status.LATE)),
    )
    total = marks["total"]
    next_meeting = upcoming_meetings(groups=[group], limit=1)
    return GroupSummary(
        upcoming=counts["upcoming"],
        held=counts["held"],
        cancelled=counts["cancelled"],
        next_meeting=next_meeting[0] if next_meeting else None,
        focus_mix=[(label, focus.get(value, 0)) for value, label in Meeting.Focus.choices],
        attendance_rate=marks["present"] / total if total else None,
        late_rate=marks["late"] / total if total else None,
    )
