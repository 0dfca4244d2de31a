"""Reads for sessions, each a fixed number of queries whatever the number of sessions."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from balint.core.services import get_object
from balint.meetings.models import (
    ATTENDANCE_RATE_DEFINITION,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingNote,
    NoteConflict,
    NoteDraft,
    Proposal,
    Schedule,
    Tag,
    Vote,
    took_part,
    took_part_q,
)
from balint.programs.models import Group, GroupPolicy, Person, Program


def meeting_list(*, group: Group) -> QuerySet[Meeting]:
    """The group's sessions by date (an aggregate drops the model's ordering, so it is spelt out)."""
    return (
        Meeting.objects.filter(group=group)
        .select_related("group__program", "presenter")
        .annotate(
            on_time=Count("attendances", filter=Q(attendances__status=Attendance.Status.ON_TIME)),
            late=Count("attendances", filter=Q(attendances__status=Attendance.Status.LATE)),
            absent=Count("attendances", filter=Q(attendances__status=Attendance.Status.ABSENT)),
        )
        .order_by("starts_at", "pk")
    )


def upcoming_meetings(*, groups: QuerySet[Group] | list[Group], limit: int = 5) -> list[Meeting]:
    """The groups' next sessions; given a list of groups (with their programs), the sessions hang on them."""
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    if not isinstance(groups, list):
        return list(
            upcoming.filter(group__in=groups)
            .select_related("group__program")
            .order_by("starts_at", "pk")[:limit]
        )
    return _on_groups(upcoming.order_by("starts_at", "pk"), groups, limit)


def _on_groups(meetings: QuerySet[Meeting], groups: list[Group], limit: int) -> list[Meeting]:
    """The first `limit` of these sessions held by the groups given, each hung on its group in hand (with
    its program) instead of a copy joined again."""
    by_id = {group.pk: group for group in groups}
    found = list(meetings.filter(group_id__in=list(by_id))[:limit])
    for meeting in found:
        meeting.group = by_id[meeting.group_id]
    return found


@dataclass(frozen=True)
class GroupSummary:
    upcoming: int
    held: int
    cancelled: int
    next_meeting: Meeting | None
    focus_mix: list[tuple[str, int]]
    attendance_rate: float | None
    late_rate: float | None
    next_meetings: list[Meeting] = field(default_factory=list)
    recent_meetings: list[Meeting] = field(default_factory=list)
    focus_by_term: list[tuple[str, list[int]]] = field(default_factory=list)  # "Q1 2026", counts per focus

    @property
    def attendance_definition(self) -> str:
        return ATTENDANCE_RATE_DEFINITION

    @property
    def focus_total(self) -> int:
        return sum(count for _, count in self.focus_mix)

    @property
    def focus_parts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) per focus, for the glance's meters."""
        return [
            (value, label, count)
            for (value, _), (label, count) in zip(Meeting.Focus.choices, self.focus_mix, strict=True)
        ]


def group_summary(*, group: Group) -> GroupSummary:
    """Upcoming and past sessions, focus mix (also by quarter) and attendance at a glance (seven queries)."""
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
    # The attendance rate as everywhere (ATTENDANCE_RATE_DEFINITION): marks at sessions held only.
    marks = Attendance.objects.filter(meeting__group=group, meeting__status=Meeting.Status.HELD).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=took_part_q()),
        late=Count("pk", filter=Q(status=Attendance.Status.LATE)),
    )
    total = marks["total"]
    next_meetings = upcoming_meetings(groups=[group], limit=3)
    recent = list(
        Meeting.objects.filter(group=group, starts_at__lt=now)
        .select_related("group__program")
        .annotate(
            present=Count("attendances", filter=took_part_q("attendances__")),
            marked=Count("attendances"),
        )
        .order_by("-starts_at", "-pk")[:4]
    )
    zone = group.program.zone
    terms: dict[tuple[int, int], list[int]] = {}
    index = {value: i for i, value in enumerate(Meeting.Focus.values)}
    for starts_at, value in (
        Meeting.objects.filter(group=group, status=Meeting.Status.HELD)
        .exclude(focus="")
        .values_list("starts_at", "focus")
    ):
        local = starts_at.astimezone(zone)
        terms.setdefault((local.year, (local.month - 1) // 3 + 1), [0] * len(index))[index[value]] += 1
    return GroupSummary(
        focus_by_term=[(f"Q{q} {year}", row) for (year, q), row in sorted(terms.items())[-6:]],
        upcoming=counts["upcoming"],
        held=counts["held"],
        cancelled=counts["cancelled"],
        next_meeting=next_meetings[0] if next_meetings else None,
        focus_mix=[(label, focus.get(value, 0)) for value, label in Meeting.Focus.choices],
        attendance_rate=marks["present"] / total if total else None,
        late_rate=marks["late"] / total if total else None,
        next_meetings=next_meetings,
        recent_meetings=recent,
    )


def meeting_with_poll(*, meeting: Meeting) -> Meeting:
    """The session in hand (as `get_meeting_for` gives it, with its group, program and presenter) with its
    group's policies and its proposals and their authors loaded (two queries)."""
    prefetch_related_objects(
        [meeting],
        "group__policies",
        Prefetch("proposals", queryset=Proposal.objects.select_related("author")),
    )
    return meeting


def vote_of(*, meeting: Meeting, person: Person | None) -> Vote | None:
    if person is None:
        return None
    return Vote.objects.filter(meeting=meeting, person=person).select_related("proposal").first()


@dataclass
class SheetRow:
    person: Person
    attendance: Attendance | None


def attendance_sheet(*, meeting: Meeting) -> list[SheetRow]:
    """Every member of the group with their mark for this session, if any (two queries)."""
    marks = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")}
    # Someone who has left the group since still appears on the sessions they were marked for.
    people = {p.pk: p for p in meeting.group.members.all()} | {a.person_id: a.person for a in marks.values()}
    return [
        SheetRow(person=p, attendance=marks.get(p.pk))
        for p in sorted(people.values(), key=lambda p: p.full_name)
    ]


@dataclass
class HistoryRow:
    person: Person
    on_time: int = 0
    late: int = 0
    absent: int = 0
    present: int = 0  # took part: on time, or late where latecomers were let in

    @property
    def marked(self) -> int:
        return self.on_time + self.late + self.absent

    @property
    def rate(self) -> float | None:
        """The attendance rate (ATTENDANCE_RATE_DEFINITION) over these marks."""
        return self.present / self.marked if self.marked else None

    def add(self, status: str, rule: str, n: int) -> None:
        setattr(self, status, getattr(self, status) + n)
        if took_part(status, rule):
            self.present += n

    @property
    def late_rate(self) -> float | None:
        return self.late / self.marked if self.marked else None


@dataclass
class AttendanceHistory:
    rows: list[HistoryRow]
    group_row: HistoryRow
    reasons: list[tuple[str, int]]
    months: list[tuple[datetime.date, int, int, int]]  # month, on time, late, absent


def attendance_history(*, group: Group) -> AttendanceHistory:
    """Rates per resident and for the group, reasons given, and marks per month (four queries)."""
    by_person: dict[int, HistoryRow] = {}
    members = list(group.members.order_by("full_name"))
    for person in members:
        by_person[person.pk] = HistoryRow(person=person)
    marks = Attendance.objects.filter(meeting__group=group, meeting__status=Meeting.Status.HELD)
    group_row = HistoryRow(person=None)  # type: ignore[arg-type]
    for person_id, status, rule, n in (
        marks.values_list("person_id", "status", "latecomer_rule").annotate(n=Count("pk")).order_by()
    ):
        row = by_person.get(person_id)
        for target in (row, group_row):
            if target is not None:
                target.add(status, rule, n)
    labels = dict(Attendance.Reason.choices)
    reasons = [
        (labels.get(reason, reason), n)
        for reason, n in marks.exclude(reason="").values_list("reason").annotate(n=Count("pk")).order_by("-n")
    ]
    zone = group.program.zone
    months: dict[datetime.date, list[int]] = {}
    order = {Attendance.Status.ON_TIME: 0, Attendance.Status.LATE: 1, Attendance.Status.ABSENT: 2}
    for starts_at, status in marks.values_list("meeting__starts_at", "status"):
        month = starts_at.astimezone(zone).date().replace(day=1)
        months.setdefault(month, [0, 0, 0])[order[status]] += 1
    return AttendanceHistory(
        rows=list(by_person.values()),
        group_row=group_row,
        reasons=reasons,
        months=[(month, *counts) for month, counts in sorted(months.items())],
    )


def own_attendance(*, group: Group, person: Person) -> HistoryRow:
    """One resident's own counts in a group (one query)."""
    row = HistoryRow(person=person)
    for status, rule, n in (
        Attendance.objects.filter(meeting__group=group, person=person, meeting__status=Meeting.Status.HELD)
        .values_list("status", "latecomer_rule")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row.add(status, rule, n)
    return row


def note_with_conflicts(*, meeting: Meeting) -> tuple[MeetingNote | None, list[NoteConflict]]:
    note = (
        MeetingNote.objects.filter(meeting=meeting)
        .select_related("updated_by")
        .prefetch_related("tags")
        .first()
    )
    if note is None:
        return None, []
    conflicts = list(note.conflicts.filter(resolved_at__isnull=True).select_related("author"))
    return note, conflicts


def note_drafts(*, note: MeetingNote | None, writer: Person) -> tuple[NoteDraft | None, list[NoteDraft]]:
    """The writer's own autosaved draft of the note, and the other leaders' drafts with only who and when
    loaded (their text is never read for this writer)."""
    if note is None:
        return None, []
    own = note.drafts.filter(author=writer).first()
    others = list(
        note.drafts.exclude(author=writer)
        .select_related("author")
        .defer("content", "process", "tags")
        .order_by("updated_at")
    )
    return own, others


def tag_labels(*, group: Group) -> list[str]:
    return list(Tag.objects.filter(program_id=group.program_id).values_list("label", flat=True)[:300])


def notes_with_tag(*, group: Group, label: str) -> QuerySet[MeetingNote]:
    """The group's notes carrying a theme label, any case."""
    return MeetingNote.objects.filter(meeting__group=group, tags__label__iexact=label).select_related(
        "meeting"
    )


def screened_notes_led_by(*, program: Program, leader: Person) -> QuerySet[MeetingNote]:
    """Notes of the program's groups that `leader` leads, newest session first, drafts not loaded."""
    return (
        MeetingNote.objects.filter(meeting__group__program=program, meeting__group__leaders=leader)
        .select_related("meeting__group__program")
        .order_by("-meeting__starts_at")
    )


def note_conflict_of(*, meeting: Meeting, code: UUID | str) -> NoteConflict:
    """One conflicting version of the session's notes, else 404."""
    return get_object(
        NoteConflict.objects.filter(note__meeting=meeting).select_related("note__meeting__group"), code=code
    )


def schedules_of(*, group: Group) -> list[Schedule]:
    return list(group.schedules.order_by("starts_on", "pk"))


def schedule_of(*, group: Group, code: UUID | str) -> Schedule:
    """One of the group's schedules, else 404."""
    return get_object(group.schedules.select_related("group__program"), code=code)


def attendances_of(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("person")


def attendance_of(*, meeting: Meeting, person: Person) -> Attendance | None:
    return meeting.attendances.filter(person=person).first()


def live_calendar_feed(*, person: Person) -> CalendarFeed | None:
    """The person's calendar link that still works, if any."""
    return person.calendar_feeds.filter(revoked_at__isnull=True).first()


def polls_for_groups(*, groups: list[Group]) -> list[Meeting]:
    """Upcoming sessions whose focus residents choose and which are not settled, each with `n_proposals` and
    `n_votes` (four small queries: the first twenty sessions, their groups' policies, then the counts of the
    ones kept; counting before the limit grouped every upcoming session of a leader's hundred groups). The
    sessions hang on the groups given (with their programs), not on copies read again."""
    meetings = _on_groups(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, focus_confirmed_at__isnull=True, starts_at__gte=timezone.now()
        ).order_by("starts_at"),
        groups,
        20,
    )
    prefetch_related_objects(
        list({m.group_id: m.group for m in meetings}.values()),
        Prefetch("policies", queryset=GroupPolicy.objects.all()),
    )
    kept = [
        m
        for m in meetings
        if (policy := m.group.policy_on(m.local_start.date())) and policy.residents_choose_focus
    ]
    if not kept:
        return []
    ids = [m.pk for m in kept]
    proposals = dict(_count_by_meeting(Proposal.objects.filter(meeting_id__in=ids)))
    votes = dict(_count_by_meeting(Vote.objects.filter(meeting_id__in=ids)))
    for meeting in kept:
        meeting.n_proposals, meeting.n_votes = proposals.get(meeting.pk, 0), votes.get(meeting.pk, 0)
    return kept


def _count_by_meeting(rows: QuerySet) -> QuerySet:
    return rows.order_by().values_list("meeting_id").annotate(n=Count("pk"))


# ---- for reports: plain rows over a range of sessions ------------------------------------------------------


class SessionRow(NamedTuple):
    pk: int
    group_id: int
    starts_at: datetime.datetime
    status: str
    focus: str


class Mark(NamedTuple):
    """One attendance mark as plain values; `took_part` is the rule of ATTENDANCE_RATE_DEFINITION."""

    meeting_id: int
    person_id: int
    status: str
    reason: str
    latecomer_rule: str

    @property
    def took_part(self) -> bool:
        return took_part(self.status, self.latecomer_rule)


def sessions_between(
    *, group_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> list[SessionRow]:
    """The groups' sessions starting in [start, end), any status, by start (one query)."""
    return [
        SessionRow(*row)
        for row in Meeting.objects.filter(group_id__in=group_ids, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
        .values_list("pk", "group_id", "starts_at", "status", "focus")
    ]


def attendance_marks(*, meeting_ids: set[int] | list[int]) -> list[Mark]:
    """The marks of these sessions by session and person (one query)."""
    return [
        Mark(*row)
        for row in Attendance.objects.filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person_id", "status", "reason", "latecomer_rule")
    ]


def note_count(*, meeting_ids: set[int] | list[int]) -> int:
    return MeetingNote.objects.filter(meeting_id__in=meeting_ids).count()


def held_span(
    *, program_id: int, group: Group | None, until: datetime.datetime
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Start of the first and the last session held up to `until`, in the program or the group (one query)."""
    meetings = Meeting.objects.filter(
        group__program_id=program_id, status=Meeting.Status.HELD, starts_at__lte=until
    )
    if group is not None:
        meetings = meetings.filter(group=group)
    span = meetings.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    return span["first"], span["last"]


# ---- for the program search: the encrypted texts of some groups, with what a hit shows -----------------


def notes_for_search(*, groups: QuerySet[Group]) -> QuerySet[MeetingNote]:
    """The session notes of these groups, latest session first, reading only what a hit shows (one query)."""
    return (
        MeetingNote.objects.filter(meeting__group__in=groups)
        .select_related("meeting__group")
        .only(
            "content",
            "process",
            "meeting__code",
            "meeting__starts_at",
            "meeting__focus_title",
            "meeting__group__name",
        )
        .order_by("-meeting__starts_at", "pk")
    )


def case_summaries_for_search(*, groups: QuerySet[Group]) -> QuerySet[Meeting]:
    """The sessions of these groups with their case summaries, latest first (one query)."""
    return (
        Meeting.objects.filter(group__in=groups)
        .select_related("group")
        .only("code", "starts_at", "focus_title", "case_summary", "group__name")
        .order_by("-starts_at", "pk")
    )
