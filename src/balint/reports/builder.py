"""The program-evaluation report as plain data: one builder for the dashboards, the HTML page and the PDF.

Guarantees: the same rows give the same `Report` (everything sorted, nothing depends on the clock
except the `issued` date passed in); no resident's name appears unless `roster=True` (the caller
checks that an administrator asked); every figure that counts people is a `Cell`, hidden as "<k" when
it counts 1..k-1 people; quotes come only from de-identified sources, with residents' names masked.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from balint.coding.models import Category, Coding, Source, Theme
from balint.coding.people import coder_label
from balint.core.errors import ApplicationError
from balint.meetings.models import Attendance, Meeting, MeetingNote, took_part
from balint.privacy.names import mask_names, resident_names
from balint.programs.models import Group, GroupPolicy, Person, Program
from balint.reports.cells import (
    Cell,
    count_cell,
    default_min_cell,
    percent_cell,
    suppress_partition,
    suppress_split,
)
from balint.surveys.models import Answer, Instrument, Question, Survey, Transcript
from balint.surveys.selectors import threshold as survey_threshold

Progress = Callable[[int, str], None]
MAX_DAYS = 366 * 10
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
CATEGORY_COLOURS = {
    "balint process": "#2f6f73",
    "professional development": "#e9a23b",
    "practical patient care": "#d9822b",
    "group process": "#6aa5a8",
    "structure and logistics": "#8d99a6",
    "well-being": "#7fb069",
}
OTHER_COLOURS = ["#b56576", "#6d597a", "#355070", "#e56b6f", "#a3b18a", "#bc6c25"]
PERSPECTIVE_COLOURS = {"resident": "#2f6f73", "patient": "#e9a23b", "both": "#a9b4bd"}
BALINT_CATEGORY = "balint process"
LIKERT_BINS = ["Disagree", "Neutral", "Agree"]
LIKERT_COLOURS = ["#c8553d", "#c5ced6", "#2f6f73"]
QUOTES_PER_THEME = 2
QUOTE_THEMES = 6
QUOTE_CHARS = 360
QUOTE_CANDIDATES = 8  # per theme, before identical quotes are dropped


# ---- the report's shape ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date  # exclusive


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
class LikertRow:
    text: str
    n: int
    shown: bool
    bins: list[Cell]
    agree: Cell


@dataclass
class SurveySummary:
    title: str
    group: str
    kind: str
    closed_on: datetime.date
    invited: int
    answered: Cell
    shown: bool
    needed: int
    likert: list[LikertRow]
    open_questions: int
    transcripts: int


@dataclass
class Quote:
    text: str
    where: str  # "Session note, Mar 2025"


@dataclass
class ThemeRow:
    name: str
    category: str
    colour: str
    codings: int
    sources: int
    in_notes: int
    in_surveys: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class CategoryRow:
    name: str
    colour: str
    counts: list[int]  # per period

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def halves(self) -> tuple[int, int]:
        """Passages in the first and the second half of the periods (the middle one counts in the second)."""
        middle = len(self.counts) // 2
        return sum(self.counts[:middle]), sum(self.counts[middle:])


@dataclass
class Timeline:
    categories: list[CategoryRow]
    periods: list[Period] = field(default_factory=list)

    @property
    def first_half(self) -> str:
        middle = len(self.periods) // 2
        return f"{self.periods[0].label} – {self.periods[middle - 1].label}" if middle else ""

    @property
    def second_half(self) -> str:
        middle = len(self.periods) // 2
        return f"{self.periods[middle].label} – {self.periods[-1].label}" if self.periods else ""

    @property
    def by_period(self) -> list[tuple[Period, list[int]]]:
        return [(p, [row.counts[i] for row in self.categories]) for i, p in enumerate(self.periods)]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.categories)


@dataclass
class PerspectiveRow:
    label: str
    counts: list[int]  # resident, patient, both
    unmarked: int

    @property
    def marked(self) -> int:
        return sum(self.counts)

    def shares(self) -> list[str]:
        return [f"{round(100 * c / self.marked)}%" if self.marked else "–" for c in self.counts]


@dataclass
class AgreementSummary:
    coders: list[str]
    sources: int
    units: int
    granularity: str
    percent: str
    kappa: str
    alpha: str
    note: str = ""


@dataclass
class Methods:
    sessions_held: int
    sessions_cancelled: int
    attendance_marks: int
    notes: int
    surveys: int
    surveys_shown: int
    transcripts: int
    sources: list[tuple[str, int]]
    undated_sources: int
    codings: int
    themes_used: int
    coders: list[tuple[str, int]]
    agreement: AgreementSummary | None
    k: int


@dataclass
class RosterRow:
    name: str
    marks: int
    attended: int
    late: int
    absent: int


@dataclass
class Report:
    program: str
    institution: str
    scope: str  # "the whole program" or a group's name
    is_group: bool
    date_from: datetime.date
    date_to: datetime.date
    issued: datetime.date
    k: int
    granularity: str  # month / quarter / year
    periods: list[Period]
    overview: list[tuple[str, str]]
    attendance: list[AttendanceRow]
    reasons: list[tuple[str, Cell]]
    focus: list[FocusRow]
    focus_labels: list[str]
    changes: list[PolicyChange]
    groups: list[GroupRow]
    surveys: list[SurveySummary]
    timeline: Timeline
    perspective: list[PerspectiveRow]
    themes: list[ThemeRow]
    methods: Methods
    roster: list[RosterRow] | None = None

    @property
    def title(self) -> str:
        return f"Program evaluation: {self.program}"

    @property
    def has_coding(self) -> bool:
        return self.methods.codings > 0

    @property
    def focus_colours(self) -> list[str]:
        return [FOCUS_COLOURS[f] for f in [*FOCUS_ORDER, ""]]


# ---- periods -------------------------------------------------------------------------------------


def choose_granularity(date_from: datetime.date, date_to: datetime.date) -> str:
    months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
    if months <= 12:
        return "month"
    return "quarter" if months <= 60 else "year"


def periods_between(date_from: datetime.date, date_to: datetime.date, granularity: str) -> list[Period]:
    """Calendar months, quarters or years covering the range, each clipped to it."""
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = date_from.month - (date_from.month - 1) % step
    year, periods = date_from.year, []
    while datetime.date(year, month, 1) <= date_to:
        start = datetime.date(year, month, 1)
        next_month = month + step
        end = datetime.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
        if granularity == "month":
            key, label = f"{year}-{month:02d}", start.strftime("%b %Y")
        elif granularity == "quarter":
            quarter = (month - 1) // 3 + 1
            key, label = f"{year}-Q{quarter}", f"Q{quarter} {year}"
        else:
            key, label = str(year), str(year)
        periods.append(
            Period(
                key=key,
                label=label,
                start=max(start, date_from),
                end=min(end, date_to + datetime.timedelta(days=1)),
            )
        )
        year, month = year + (next_month - 1) // 12, (next_month - 1) % 12 + 1
    return periods


def _position(periods: list[Period], day: datetime.date) -> float:
    """A day as a point on the time axis: the index of its period plus the share of that period before it."""
    index = _period_index(periods, day)
    period = periods[index]
    length = (period.end - period.start).days or 1
    return round(index + min(max((day - period.start).days, 0), length) / length, 3)


def _period_index(periods: list[Period], day: datetime.date) -> int:
    for i, period in enumerate(periods):
        if period.start <= day < period.end:
            return i
    return len(periods) - 1 if periods and day >= periods[-1].end else 0


# ---- the builder ---------------------------------------------------------------------------------


def min_cell_for(program: Program) -> int:
    from balint.reports.models import ReportSettings

    row = ReportSettings.objects.filter(program=program).first()
    return row.min_cell if row else default_min_cell()


def report_build(
    *,
    program: Program,
    date_from: datetime.date,
    date_to: datetime.date,
    issued: datetime.date,
    group: Group | None = None,
    roster: bool = False,
    granularity: str = "",
    k: int | None = None,
    progress: Progress | None = None,
    coder_names: bool = False,
) -> Report:
    """Every section of the report for the range, from the rows alone, in a fixed number of queries.

    Coders are named in the methods only with `coder_names` (the reader may see them:
    `Roles.can_see_coder_names`, or the operator's command line); otherwise by the exports' pseudonyms.
    """
    if date_to < date_from:
        raise ApplicationError("The report must end on or after the day it starts.")
    if (date_to - date_from).days > MAX_DAYS:
        raise ApplicationError("A report covers at most ten years.")
    if granularity not in ("", "month", "quarter", "year"):
        raise ApplicationError("Figures go by month, quarter or year.")
    if group is not None and group.program_id != program.pk:
        raise ApplicationError("This group belongs to another program.")
    step = progress or (lambda percent, message: None)
    k = k or min_cell_for(program)
    zone = program.zone
    groups = [group] if group else list(Group.objects.filter(program=program).prefetch_related("policies"))
    group_ids = [g.pk for g in groups]

    step(5, "Counting sessions and attendance")
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    meetings = list(
        Meeting.objects.filter(group_id__in=group_ids, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
        .values_list("pk", "group_id", "starts_at", "status", "focus")
    )
    day_of = {pk: starts.astimezone(zone).date() for pk, _, starts, _, _ in meetings}
    held = [m for m in meetings if m[3] == Meeting.Status.HELD]
    held_ids = {m[0] for m in held}
    marks = list(
        Attendance.objects.filter(meeting_id__in=held_ids)
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person_id", "status", "reason", "latecomer_rule")
    )
    chosen = granularity
    for granularity in [chosen] if chosen else _coarser(choose_granularity(date_from, date_to)):
        periods = periods_between(date_from, date_to, granularity)
        period_of = {pk: _period_index(periods, day) for pk, day in day_of.items()}
        attendance = _attendance_rows(periods, meetings, period_of, marks, k)
        measured = [row for row in attendance if row.marks]
        # Automatic: the finest period at which at most a third of the attendance figures are hidden.
        if sum(row.attended.suppressed or row.late.suppressed for row in measured) * 3 <= len(measured):
            break
    reasons = _reasons(marks, k)

    step(20, "Mixing the sessions' focus")
    focus = []
    for i, period in enumerate(periods):
        counts = Counter(m[4] for m in held if period_of[m[0]] == i)
        focus.append(FocusRow(period=period, counts=[counts.get(f, 0) for f in [*FOCUS_ORDER, ""]]))
    focus_labels = [FOCUS_SHORT[f] for f in [*FOCUS_ORDER, ""]]

    changes = _policy_changes(groups, held, marks, day_of, date_from, date_to, periods, k, len(groups) > 1)
    group_rows = [] if group else _group_rows(groups, held, marks, date_to, k)
    overall_attended, overall_late = _attendance_cells(marks, k)
    took_part = {r[1] for r in marks if _took_part(r)}

    step(35, "Summarising surveys")
    surveys = _surveys(group_ids, start, end, zone, k)

    step(55, "Counting themes and perspectives")
    codings = list(
        Coding.objects.filter(
            source__program=program,
            theme__active=True,
            source__date__gte=date_from,
            source__date__lte=date_to,
        )
        .filter(
            Q(source__group_id__in=group_ids)
            | (Q(source__group__isnull=True) if group is None else Q(pk=None))
        )
        .order_by("source_id", "start", "end", "pk")
        .values_list(
            "pk",
            "source_id",
            "source__date",
            "source__kind",
            "source__deidentified",
            "theme_id",
            "coder_id",
            "perspective",
            "start",
            "end",
        )
    )
    themes = {
        t.pk: t
        for t in Theme.objects.filter(program=program).select_related("category").order_by("position", "pk")
    }
    categories = list(Category.objects.filter(program=program).order_by("position", "name"))
    timeline = _timeline(codings, themes, categories, periods)
    perspective = _perspective(codings, themes)
    step(70, "Choosing quotes")
    theme_rows = _themes(codings, themes, program)

    step(80, "Writing the methods")
    methods = _methods(
        program,
        group_ids,
        group,
        meetings,
        held_ids,
        marks,
        surveys,
        codings,
        date_from,
        date_to,
        start,
        end,
        k,
        coder_names=coder_names,
    )
    sessions_held = len(held)
    overview = [
        ("Sessions held", str(sessions_held)),
        ("Sessions cancelled", str(methods.sessions_cancelled)),
        ("Residents who took part", count_cell(len(took_part), len(took_part), k).display),
        ("Attendance", overall_attended.display),
        ("Arrived late", overall_late.display),
        ("Passages coded", str(len(codings))),
    ]
    report = Report(
        program=program.name,
        institution=program.institution,
        scope=group.name if group else "the whole program",
        is_group=group is not None,
        date_from=date_from,
        date_to=date_to,
        issued=issued,
        k=k,
        granularity=granularity,
        periods=periods,
        overview=overview,
        attendance=attendance,
        reasons=reasons,
        focus=focus,
        focus_labels=focus_labels,
        changes=changes,
        groups=group_rows,
        surveys=surveys,
        timeline=timeline,
        perspective=perspective,
        themes=theme_rows,
        methods=methods,
    )
    if roster:
        report.roster = _roster(marks)
    return report


def _coarser(granularity: str) -> list[str]:
    order = ["month", "quarter", "year"]
    return order[order.index(granularity) :]


def _attendance_rows(
    periods: list[Period], meetings: list[tuple], period_of: dict[int, int], marks: list[tuple], k: int
) -> list[AttendanceRow]:
    marks_by_period: dict[int, list[tuple]] = defaultdict(list)
    for row in marks:
        marks_by_period[period_of[row[0]]].append(row)
    rows = []
    for i, period in enumerate(periods):
        in_period = [m for m in meetings if period_of[m[0]] == i]
        attended, late = _attendance_cells(marks_by_period[i], k)
        rows.append(
            AttendanceRow(
                period=period,
                sessions=sum(1 for m in in_period if m[3] == Meeting.Status.HELD),
                cancelled=sum(1 for m in in_period if m[3] == Meeting.Status.CANCELLED),
                marks=len(marks_by_period[i]),
                attended=attended,
                late=late,
            )
        )
    return _suppress_columns(rows)


def _suppress_columns(rows: list) -> list:  # noqa: ANN001
    """Periods or groups split the shown overall attendance and lateness: complementary suppression."""
    for name in ("attended", "late"):
        for row, cell in zip(rows, suppress_split([getattr(r, name) for r in rows]), strict=True):
            setattr(row, name, cell)
    return rows


# ---- attendance ----------------------------------------------------------------------------------


def _took_part(row: tuple) -> bool:
    """The meetings app's one definition of taking part (ATTENDANCE_RATE_DEFINITION)."""
    _, _, status, _, rule = row
    return took_part(status, rule)


def _attendance_cells(rows: list[tuple], k: int) -> tuple[Cell, Cell]:
    """Share of marks where the resident took part, and share where they arrived late.

    The attendance share also reveals its complement (missed: absent or turned away), so it is
    hidden when either side counts 1..k-1 people.
    """
    present = [r for r in rows if _took_part(r)]
    missed = [r for r in rows if not _took_part(r)]
    late = [r for r in rows if r[2] == Attendance.Status.LATE]
    sides = [n for n in (len({r[1] for r in present}), len({r[1] for r in missed})) if n]
    attended = percent_cell(len(present), len(rows), min(sides, default=0), k)
    return attended, percent_cell(len(late), len(rows), len({r[1] for r in late}), k)


def _reasons(marks: list[tuple], k: int) -> list[tuple[str, Cell]]:
    people: dict[str, set[int]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for _, person, _, reason, _ in marks:
        if reason:
            people[reason].add(person)
            counts[reason] += 1
    found = [value for value, _ in Attendance.Reason.choices if value and counts[value]]
    cells = suppress_split([count_cell(counts[value], len(people[value]), k) for value in found])
    return [(Attendance.Reason(value).label, cell) for value, cell in zip(found, cells, strict=True)]


def _comparison(label: str, held: list[tuple], marks: list[tuple], k: int) -> Comparison:
    ids = {m[0] for m in held}
    rows = [r for r in marks if r[0] in ids]
    attended, late = _attendance_cells(rows, k)
    counts = Counter(m[4] for m in held)
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


def _policy_changes(
    groups: list[Group],
    held: list[tuple],
    marks: list[tuple],
    day_of: dict[int, datetime.date],
    date_from: datetime.date,
    date_to: datetime.date,
    periods: list[Period],
    k: int,
    name_groups: bool,
) -> list[PolicyChange]:
    changes = []
    for group in groups:
        policies = sorted(group.policies.all(), key=lambda p: p.effective_from)
        for before, after in zip(policies, policies[1:], strict=False):
            if not date_from < after.effective_from <= date_to:
                continue
            summary, details = _describe_change(before, after)
            if not details:
                continue
            mine = [m for m in held if m[1] == group.pk]
            earlier = [m for m in mine if day_of[m[0]] < after.effective_from]
            later = [m for m in mine if day_of[m[0]] >= after.effective_from]
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
                    period_index=_period_index(periods, after.effective_from),
                    position=_position(periods, after.effective_from),
                )
            )
    changes.sort(key=lambda c: (c.date, c.group))
    for index, change in enumerate(changes):
        change.index = index
    return changes


def _split_pair(before: Comparison, after: Comparison) -> list[Comparison]:
    """Before and after split the group's shown figure: one hidden side takes the other with it."""
    return _suppress_columns([before, after])


def _group_rows(
    groups: list[Group], held: list[tuple], marks: list[tuple], on: datetime.date, k: int
) -> list[GroupRow]:
    rows = []
    for group in sorted(groups, key=lambda g: g.name):
        mine = {m[0] for m in held if m[1] == group.pk}
        attended, late = _attendance_cells([r for r in marks if r[0] in mine], k)
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
    return _suppress_columns(rows)


def _roster(marks: list[tuple]) -> list[RosterRow]:
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for row in marks:
        per[row[1]]["marks"] += 1
        per[row[1]][row[2]] += 1
        per[row[1]]["attended"] += int(_took_part(row))
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


# ---- surveys -------------------------------------------------------------------------------------


def _likert_bin(scale: int, points: int) -> int:
    middle = (points + 1) / 2
    return 0 if scale < middle else (1 if scale == middle else 2)


def _surveys(
    group_ids: list[int], start: datetime.datetime, end: datetime.datetime, zone, k: int
) -> list[SurveySummary]:  # noqa: ANN001
    surveys = list(
        Survey.objects.filter(group_id__in=group_ids, closes_at__gte=start, closes_at__lt=end)
        .select_related("group", "instrument")
        .annotate(
            answered_count=Count("responses", distinct=True),
            invited_count=Count("invitations", distinct=True),
        )
        .order_by("closes_at", "pk")
    )
    if not surveys:
        return []
    ids = [s.pk for s in surveys]
    questions: dict[int, list[Question]] = defaultdict(list)
    for question in Question.objects.filter(instrument_id__in={s.instrument_id for s in surveys}).order_by(
        "position", "pk"
    ):
        questions[question.instrument_id].append(question)
    scales: dict[tuple[int, int], list[int]] = defaultdict(list)
    for survey_id, question_id, scale in Answer.objects.filter(
        response__survey_id__in=ids, question__kind=Question.Kind.LIKERT, scale__isnull=False
    ).values_list("response__survey_id", "question_id", "scale"):
        scales[(survey_id, question_id)].append(scale)
    transcripts = Counter(
        Transcript.objects.filter(answer__response__survey_id__in=ids, approved=True).values_list(
            "answer__response__survey_id", flat=True
        )
    )
    summaries = []
    for survey in surveys:
        needed = max(survey_threshold(survey), k)
        shown = survey.answered_count >= needed
        likert = []
        for question in questions[survey.instrument_id]:
            if question.kind != Question.Kind.LIKERT or not shown:
                continue
            values = scales[(survey.pk, question.pk)]
            points = len(question.choices)
            tally = [0, 0, 0]
            for value in values:
                if 1 <= value <= points:
                    tally[_likert_bin(value, points)] += 1
            n = sum(tally)
            if n < needed:
                likert.append(
                    LikertRow(text=question.text, n=n, shown=False, bins=[], agree=Cell(None, 0, k))
                )
                continue
            bins = suppress_partition([count_cell(c, c, k) for c in tally])
            agree = percent_cell(tally[2], n, tally[2], k)
            if bins[2].suppressed:
                agree = bins[2] if bins[2].secondary else agree
            likert.append(LikertRow(text=question.text, n=n, shown=True, bins=bins, agree=agree))
        summaries.append(
            SurveySummary(
                title=survey.title,
                group=survey.group.name,
                kind=Instrument.Kind(survey.instrument.kind).label,
                closed_on=survey.closes_at.astimezone(zone).date(),
                invited=survey.invited_count,
                answered=count_cell(survey.answered_count, survey.answered_count, needed),
                shown=shown,
                needed=needed,
                likert=likert,
                open_questions=sum(
                    1 for q in questions[survey.instrument_id] if q.kind == Question.Kind.OPEN
                ),
                transcripts=transcripts.get(survey.pk, 0) if shown else 0,
            )
        )
    return summaries


# ---- themes --------------------------------------------------------------------------------------


def _category_name(theme: Theme | None) -> str:
    return theme.category.name if theme is not None and theme.category is not None else "Uncategorised"


def _category_colour(name: str, position: int) -> str:
    return CATEGORY_COLOURS.get(name.lower(), OTHER_COLOURS[position % len(OTHER_COLOURS)])


def _timeline(
    codings: list[tuple], themes: dict[int, Theme], categories: list[Category], periods: list[Period]
) -> Timeline:
    per: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for row in codings:
        per[_category_name(themes.get(row[5]))][_period_index(periods, row[2])] += 1
    order = [c.name for c in categories] + ["Uncategorised"]
    named = [name for name in order if name in per]
    return Timeline(
        categories=[CategoryRow(name, _category_colour(name, i), per[name]) for i, name in enumerate(named)],
        periods=periods,
    )


def _perspective(codings: list[tuple], themes: dict[int, Theme]) -> list[PerspectiveRow]:
    keys = [Coding.Perspective.RESIDENT, Coding.Perspective.PATIENT, Coding.Perspective.BOTH]

    def row(label: str, rows: Iterable[tuple]) -> PerspectiveRow:
        counts = Counter(r[7] for r in rows)
        return PerspectiveRow(
            label=label, counts=[counts.get(key, 0) for key in keys], unmarked=counts.get("", 0)
        )

    balint = [r for r in codings if _category_name(themes.get(r[5])).lower() == BALINT_CATEGORY]
    other = [r for r in codings if _category_name(themes.get(r[5])).lower() != BALINT_CATEGORY]
    rows = [row("All themes", codings), row("Balint process themes", balint), row("Other themes", other)]
    return [r for r in rows if r.marked or r.unmarked]


def _themes(codings: list[tuple], themes: dict[int, Theme], program: Program) -> list[ThemeRow]:
    per_theme: dict[int, list[tuple]] = defaultdict(list)
    for row in codings:
        per_theme[row[5]].append(row)
    ranked = sorted(per_theme.items(), key=lambda item: (-len(item[1]), themes[item[0]].name))
    rows = []
    for theme_id, rows_of_theme in ranked:
        theme = themes[theme_id]
        kinds = Counter(r[3] for r in {(r[1], r[3]): r for r in rows_of_theme}.values())
        rows.append(
            ThemeRow(
                name=theme.name,
                category=_category_name(theme),
                colour=theme.colour,
                codings=len(rows_of_theme),
                sources=len({r[1] for r in rows_of_theme}),
                in_notes=kinds.get(Source.Kind.SESSION_NOTE, 0),
                in_surveys=kinds.get(Source.Kind.TRANSCRIPT, 0),
            )
        )
    chosen: dict[int, list[int]] = {}
    for theme_id, rows_of_theme in ranked[:QUOTE_THEMES]:
        chosen[theme_id] = _best_quotes(rows_of_theme)
    wanted = {pk for pks in chosen.values() for pk in pks}
    texts = {
        pk: (quote, kind, day)
        for pk, quote, kind, day in Coding.objects.filter(pk__in=wanted).values_list(
            "pk", "quote", "source__kind", "source__date"
        )
    }
    names = resident_names(program) if wanted else []
    for row, (_, pks) in zip(rows, chosen.items(), strict=False):
        for pk in pks:
            quote, kind, day = texts[pk]
            text = " ".join(quote.split())
            text = mask_names(text, names)  # the privacy app's one rule for names
            if len(text) > QUOTE_CHARS:
                text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
            if any(q.text.casefold() == text.casefold() for q in row.quotes):
                continue  # the same words in two notes say nothing new
            row.quotes.append(Quote(text=text, where=f"{Source.Kind(kind).label}, {day:%b %Y}"))
            if len(row.quotes) == QUOTES_PER_THEME:
                break
    return rows


def _best_quotes(rows: list[tuple]) -> list[int]:
    """Passages several coders agreed on first, then of a readable length, newest first; one per source."""
    by_source: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        if row[4]:  # de-identified sources only
            by_source[row[1]].append(row)
    candidates = []
    for source_rows in by_source.values():
        for row in source_rows:
            agreeing = {o[6] for o in source_rows if o[6] != row[6] and o[8] < row[9] and row[8] < o[9]}
            length = row[9] - row[8]
            candidates.append(
                (-len(agreeing), abs(length - 160) // 40, -row[2].toordinal(), row[1], row[8], row[0])
            )
    picked, seen = [], set()
    for *_, source_id, _, pk in sorted(candidates):
        if source_id in seen:
            continue
        seen.add(source_id)
        picked.append(pk)
        if len(picked) == QUOTE_CANDIDATES:
            break
    return picked


# ---- methods -------------------------------------------------------------------------------------


def _figure(figure) -> str:  # noqa: ANN001
    return "–" if figure.value is None else f"{figure.value:.2f}"


def _methods(
    program: Program,
    group_ids: list[int],
    group: Group | None,
    meetings: list[tuple],
    held_ids: set[int],
    marks: list[tuple],
    surveys: list[SurveySummary],
    codings: list[tuple],
    date_from: datetime.date,
    date_to: datetime.date,
    start: datetime.datetime,
    end: datetime.datetime,
    k: int,
    *,
    coder_names: bool,
) -> Methods:
    sources = Source.objects.filter(program=program, date__gte=date_from, date__lte=date_to)
    if group is not None:
        sources = sources.filter(group=group)
    by_kind = dict(sources.values_list("kind").annotate(n=Count("pk")))
    undated = Source.objects.filter(program=program, date__isnull=True).count()
    coder_counts = Counter(row[6] for row in codings)
    people = {p.pk: p for p in Person.objects.filter(pk__in=coder_counts)}
    names = {
        pk: coder_label(program=program, person=person, identities=coder_names)
        for pk, person in people.items()
    }
    coders = sorted(((names[pk], n) for pk, n in coder_counts.items()), key=lambda c: (-c[1], c[0]))
    agreement = None
    if len(coder_counts) >= 2:
        agreement = _agreement(program, sources, [people[pk] for pk in sorted(coder_counts)], names)
    return Methods(
        sessions_held=len(held_ids),
        sessions_cancelled=sum(1 for m in meetings if m[3] == Meeting.Status.CANCELLED),
        attendance_marks=len(marks),
        notes=MeetingNote.objects.filter(meeting_id__in=held_ids).count(),
        surveys=len(surveys),
        surveys_shown=sum(1 for s in surveys if s.shown),
        transcripts=sum(s.transcripts for s in surveys),
        sources=[(label, by_kind[value]) for value, label in Source.Kind.choices if by_kind.get(value)],
        undated_sources=undated,
        codings=len(codings),
        themes_used=len({row[5] for row in codings}),
        coders=coders,
        agreement=agreement,
        k=k,
    )


def _agreement(program: Program, sources, coders: list[Person], names: dict[int, str]) -> AgreementSummary:  # noqa: ANN001
    from balint.coding.selectors import agreement

    granularity = "paragraph"
    result = agreement(
        program=program,
        sources=sources,
        coders=coders,
        granularity=granularity,
        uncoded="exclude",
        disagreement_limit=0,
    )
    names = sorted(names[c.pk] for c in coders)
    if result.report is None or result.sources == 0:
        return AgreementSummary(
            coders=names,
            sources=0,
            units=0,
            granularity=granularity,
            percent="–",
            kappa="–",
            alpha="–",
            note="No source in the range was coded by two coders.",
        )
    pooled = result.report.pooled
    return AgreementSummary(
        coders=names,
        sources=result.sources,
        units=result.report.units,
        granularity=granularity,
        percent=_figure(pooled.percent_agreement),
        kappa=_figure(pooled.cohen_kappa),
        alpha=_figure(pooled.krippendorff_alpha),
        note=pooled.cohen_kappa.reason if pooled.cohen_kappa.value is None else "",
    )
