"""Sessions and attendance: rates by period, reasons, focus mix, policy changes, groups and the roster.

Taking part is the meetings app's rule (`Mark.took_part`, ATTENDANCE_RATE_DEFINITION); every figure that
counts people is a `Cell`, and periods or groups that split a shown figure are suppressed together.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from balint.meetings.models import Attendance, Meeting
from balint.meetings.selectors import Mark, SessionRow, attendance_marks, sessions_between
from balint.programs.models import Group, GroupPolicy, Person
from balint.reports.cells import Cell, count_cell, percent_cell, suppress_split
from balint.reports.sections.periods import Period, period_index, period_position
from balint.reports.sections.scope import Scope

FOCUS_ORDER = [Meeting.Focus.BALINT_CASE, Meeting.Focus.CASE_PROBLEM_SOLVING, Meeting.Focus.TOPIC]
FOCUS_COLOURS = {
    Meeting.Focus.BALINT_CASE: "#2f6f73",
    Meeting.Focus.CASE_PROBLEM_SOLVING: "#6aa5a8",
    Meeting.Focus.TOPIC: "#e9a23b",
    "": "#c5ced6",
}
FOCUS_SHORT = {
    Meeting.Focus.BALINT_CASE: "Balint case",
    Meeting.Focus.CASE_PROBLEM_SOLVING: "Case with problem solving",
    Meeting.Focus.TOPIC: "Development topic",
    "": "Not recorded",
}


@dataclass(frozen=True)
class Sessions:
    """The sessions in the range and the marks at those held, as plain rows."""

    meetings: list[SessionRow]  # any status
    day_of: dict[int, datetime.date]  # session pk -> local day
    held: list[SessionRow]
    held_ids: set[int]
    marks: list[Mark]  # at sessions held only (ATTENDANCE_RATE_DEFINITION)


def read_sessions(scope: Scope) -> Sessions:
    meetings = sessions_between(group_ids=scope.group_ids, start=scope.start, end=scope.end)
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    held_ids = {m.pk for m in held}
    return Sessions(
        meetings=meetings,
        day_of={m.pk: m.starts_at.astimezone(scope.zone).date() for m in meetings},
        held=held,
        held_ids=held_ids,
        marks=attendance_marks(meeting_ids=held_ids),
    )


@dataclass
class AttendanceRow:
    period: Period
    sessions: int
    cancelled: int
    marks: int
    attended: Cell
    late: Cell


@dataclass
class FocusRow:
    period: Period
    counts: list[int]  # FOCUS_ORDER, then "not recorded"

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Comparison:
    label: str
    sessions: int
    attended: Cell
    late: Cell
    focus_shares: list[tuple[str, float | None]]  # (focus label, percent of sessions)


@dataclass
class PolicyChange:
    group: str
    date: datetime.date
    summary: str  # e.g. "Traditional → Flexible"
    details: list[str]
    before: Comparison
    after: Comparison
    period_index: int  # the period the change falls in
    position: float = 0.0  # where on the time axis: period index plus the fraction of that period gone by

    index: int = 0

    @property
    def chart_key(self) -> str:
        return f"change-{self.index}"

    def focus_rows(self) -> list[tuple[str, float | None, float | None]]:
        return [
            (label, a, b)
            for (label, a), (_, b) in zip(self.before.focus_shares, self.after.focus_shares, strict=True)
        ]


@dataclass
class GroupRow:
    name: str
    format: str
    sessions: int
    attended: Cell
    late: Cell


@dataclass
class RosterRow:
    name: str
    marks: int
    attended: int
    late: int
    absent: int


def attendance_rows(
    periods: list[Period], meetings: list[SessionRow], period_of: dict[int, int], marks: list[Mark], k: int
) -> list[AttendanceRow]:
    marks_by_period: dict[int, list[Mark]] = defaultdict(list)
    for row in marks:
        marks_by_period[period_of[row.meeting_id]].append(row)
    rows = []
    for i, period in enumerate(periods):
        in_period = [m for m in meetings if period_of[m.pk] == i]
        attended, late = attendance_cells(marks_by_period[i], k)
        rows.append(
            AttendanceRow(
                period=period,
                sessions=sum(1 for m in in_period if m.status == Meeting.Status.HELD),
                cancelled=sum(1 for m in in_period if m.status == Meeting.Status.CANCELLED),
                marks=len(marks_by_period[i]),
                attended=attended,
                late=late,
            )
        )
    return suppress_columns(rows)


def suppress_columns(rows: list) -> list:
    """Periods or groups split the shown overall attendance and lateness: complementary suppression."""
    for name in ("attended", "late"):
        for row, cell in zip(rows, suppress_split([getattr(r, name) for r in rows]), strict=True):
            setattr(row, name, cell)
    return rows


def attendance_cells(rows: list[Mark], k: int) -> tuple[Cell, Cell]:
    """Share of marks where the resident took part, and share where they arrived late.

    The attendance share also reveals its complement (missed: absent or turned away), so it is
    hidden when either side counts 1..k-1 people.
    """
    present = [r for r in rows if r.took_part]
    missed = [r for r in rows if not r.took_part]
    late = [r for r in rows if r.status == Attendance.Status.LATE]
    sides = [n for n in (len({r.person_id for r in present}), len({r.person_id for r in missed})) if n]
    attended = percent_cell(len(present), len(rows), min(sides, default=0), k)
    return attended, percent_cell(len(late), len(rows), len({r.person_id for r in late}), k)


def reason_rows(marks: list[Mark], k: int) -> list[tuple[str, Cell]]:
    people: dict[str, set[int]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for _, person, _, reason, _ in marks:
        if reason:
            people[reason].add(person)
            counts[reason] += 1
    found = [value for value, _ in Attendance.Reason.choices if value and counts[value]]
    cells = suppress_split([count_cell(counts[value], len(people[value]), k) for value in found])
    return [(Attendance.Reason(value).label, cell) for value, cell in zip(found, cells, strict=True)]


def _comparison(label: str, held: list[SessionRow], marks: list[Mark], k: int) -> Comparison:
    ids = {m.pk for m in held}
    rows = [r for r in marks if r.meeting_id in ids]
    attended, late = attendance_cells(rows, k)
    counts = Counter(m.focus for m in held)
    shares = [(FOCUS_SHORT[f], 100 * counts.get(f, 0) / len(held) if held else None) for f in FOCUS_ORDER]
    return Comparison(label=label, sessions=len(held), attended=attended, late=late, focus_shares=shares)


def _describe_change(before: GroupPolicy, after: GroupPolicy) -> tuple[str, list[str]]:
    details = []
    if before.format != after.format:
        details.append(f"Format: {before.get_format_display()} → {after.get_format_display()}")
    if before.latecomers != after.latecomers:
        details.append(f"{before.get_latecomers_display()} → {after.get_latecomers_display().lower()}")
    if before.problem_solving_allowed != after.problem_solving_allowed:
        details.append(
            "Problem solving " + ("allowed" if after.problem_solving_allowed else "no longer allowed")
        )
    if before.focus_chosen_by != after.focus_chosen_by:
        details.append(after.get_focus_chosen_by_display())
    if before.format != after.format:
        summary = f"{before.get_format_display()} → {after.get_format_display()} format"
    else:
        summary = "Policy change"
    return summary, details


def policy_changes(scope: Scope, sessions: Sessions, periods: list[Period]) -> list[PolicyChange]:
    """Each change of a group's policy in the range, with attendance and focus before and after it."""
    date_from, date_to, k, name_groups = scope.date_from, scope.date_to, scope.k, len(scope.groups) > 1
    held, marks, day_of = sessions.held, sessions.marks, sessions.day_of
    changes = []
    for group in scope.groups:
        policies = sorted(group.policies.all(), key=lambda p: p.effective_from)
        for before, after in zip(policies, policies[1:], strict=False):
            if not date_from < after.effective_from <= date_to:
                continue
            summary, details = _describe_change(before, after)
            if not details:
                continue
            mine = [m for m in held if m.group_id == group.pk]
            earlier = [m for m in mine if day_of[m.pk] < after.effective_from]
            later = [m for m in mine if day_of[m.pk] >= after.effective_from]
            sides = _split_pair(
                _comparison("Before", earlier, marks, k), _comparison("After", later, marks, k)
            )
            changes.append(
                PolicyChange(
                    group=group.name,
                    date=after.effective_from,
                    summary=f"{group.name}: {summary}" if name_groups else summary,
                    details=details,
                    before=sides[0],
                    after=sides[1],
                    period_index=period_index(periods, after.effective_from),
                    position=period_position(periods, after.effective_from),
                )
            )
    changes.sort(key=lambda c: (c.date, c.group))
    for index, change in enumerate(changes):
        change.index = index
    return changes


def _split_pair(before: Comparison, after: Comparison) -> list[Comparison]:
    """Before and after split the group's shown figure: one hidden side takes the other with it."""
    return suppress_columns([before, after])


def group_rows(
    groups: list[Group], held: list[SessionRow], marks: list[Mark], on: datetime.date, k: int
) -> list[GroupRow]:
    rows = []
    for group in sorted(groups, key=lambda g: g.name):
        mine = {m.pk for m in held if m.group_id == group.pk}
        attended, late = attendance_cells([r for r in marks if r.meeting_id in mine], k)
        policy = group.policy_on(on)
        rows.append(
            GroupRow(
                name=group.name,
                format=policy.get_format_display() if policy else "–",
                sessions=len(mine),
                attended=attended,
                late=late,
            )
        )
    return suppress_columns(rows)


def roster_rows(marks: list[Mark]) -> list[RosterRow]:
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for row in marks:
        per[row.person_id]["marks"] += 1
        per[row.person_id][row.status] += 1
        per[row.person_id]["attended"] += int(row.took_part)
    names = dict(Person.objects.filter(pk__in=per).values_list("pk", "full_name"))
    return sorted(
        (
            RosterRow(
                name=names[pk],
                marks=c["marks"],
                attended=c["attended"],
                late=c[Attendance.Status.LATE],
                absent=c[Attendance.Status.ABSENT],
            )
            for pk, c in per.items()
        ),
        key=lambda r: (r.name, r.marks),
    )


def focus_rows(periods: list[Period], held: list[SessionRow], period_of: dict[int, int]) -> list[FocusRow]:
    """Sessions held per period by focus (FOCUS_ORDER, then not recorded)."""
    rows = []
    for i, period in enumerate(periods):
        counts = Counter(m.focus for m in held if period_of[m.pk] == i)
        rows.append(FocusRow(period=period, counts=[counts.get(f, 0) for f in [*FOCUS_ORDER, ""]]))
    return rows
