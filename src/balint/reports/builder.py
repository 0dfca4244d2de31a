"""The program-evaluation report as plain data: one builder for the dashboards, the HTML page and the PDF.

Guarantees: the same rows give the same `Report` (everything sorted, nothing depends on the clock
except the `issued` date passed in); no resident's name appears unless `roster=True` (the caller
checks that an administrator asked); every figure that counts people is a `Cell`, hidden as "<k" when
it counts 1..k-1 people; quotes come only from de-identified sources, with residents' names masked.

Each section lives in `balint.reports.sections`; `report_build` reads the rows once and composes them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from balint.core.errors import ApplicationError
from balint.programs.models import Group, Program
from balint.reports.cells import Cell, count_cell, default_min_cell
from balint.reports.sections.attendance import (
    FOCUS_COLOURS,
    FOCUS_ORDER,
    FOCUS_SHORT,
    AttendanceRow,
    FocusRow,
    GroupRow,
    PolicyChange,
    RosterRow,
    Sessions,
    attendance_cells,
    attendance_rows,
    focus_rows,
    group_rows,
    policy_changes,
    read_sessions,
    reason_rows,
    roster_rows,
)
from balint.reports.sections.methods import Methods, methods_summary
from balint.reports.sections.periods import Period, choose_granularity, coarser, period_index, periods_between
from balint.reports.sections.scope import Scope
from balint.reports.sections.surveys import SurveySummary, survey_summaries
from balint.reports.sections.themes import PerspectiveRow, ThemeRow, Timeline, coded_sections, read_codings

Progress = Callable[[int, str], None]
MAX_DAYS = 366 * 10


# The period a report's figures are counted by, as running text names it ("figures by month").
PERIOD_NAMES = {
    "month": pgettext_lazy("figures by", "month"),
    "quarter": pgettext_lazy("figures by", "quarter"),
    "year": pgettext_lazy("figures by", "year"),
}


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
        return _("Program evaluation: %(program)s") % {"program": self.program}

    @property
    def has_coding(self) -> bool:
        return self.methods.codings > 0

    @property
    def granularity_label(self) -> str:
        """The period the figures are counted by, in the reader's language ("figures by month")."""
        return str(PERIOD_NAMES.get(self.granularity, self.granularity))

    @property
    def focus_colours(self) -> list[str]:
        return [FOCUS_COLOURS[f] for f in [*FOCUS_ORDER, ""]]


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
        raise ApplicationError(_("The report must end on or after the day it starts."))
    if (date_to - date_from).days > MAX_DAYS:
        raise ApplicationError(_("A report covers at most ten years."))
    if granularity not in ("", "month", "quarter", "year"):
        raise ApplicationError(_("Figures go by month, quarter or year."))
    if group is not None and group.program_id != program.pk:
        raise ApplicationError(_("This group belongs to another program."))
    step = progress or (lambda percent, message: None)
    scope = Scope.of(
        program=program, group=group, date_from=date_from, date_to=date_to, k=k or min_cell_for(program)
    )
    k = scope.k

    step(5, _("Counting sessions and attendance"))
    sessions = read_sessions(scope)
    granularity, periods, period_of, attendance = _periods_and_attendance(scope, sessions, granularity)
    overall_attended, overall_late = attendance_cells(sessions.marks, k)
    took_part = {r.person_id for r in sessions.marks if r.took_part}

    step(20, _("Mixing the sessions' focus"))
    changes = policy_changes(scope, sessions, periods)

    step(35, _("Summarising surveys"))
    surveys = survey_summaries(scope)

    step(55, _("Counting themes and perspectives"))
    coded = coded_sections(scope, read_codings(scope), periods, step)

    step(80, _("Writing the methods"))
    methods = methods_summary(scope, sessions, surveys, coded.codings, coder_names=coder_names)
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
        overview=[
            ("Sessions held", str(len(sessions.held))),
            ("Sessions cancelled", str(methods.sessions_cancelled)),
            ("Residents who took part", count_cell(len(took_part), len(took_part), k).display),
            ("Attendance", overall_attended.display),
            ("Arrived late", overall_late.display),
            ("Passages coded", str(len(coded.codings))),
        ],
        attendance=attendance,
        reasons=reason_rows(sessions.marks, k),
        focus=focus_rows(periods, sessions.held, period_of),
        focus_labels=[FOCUS_SHORT[f] for f in [*FOCUS_ORDER, ""]],
        changes=changes,
        groups=[] if group else group_rows(scope.groups, sessions.held, sessions.marks, date_to, k),
        surveys=surveys,
        timeline=coded.timeline,
        perspective=coded.perspective,
        themes=coded.themes,
        methods=methods,
        roster=roster_rows(sessions.marks) if roster else None,
    )
    return report


def _periods_and_attendance(
    scope: Scope, sessions: Sessions, granularity: str
) -> tuple[str, list[Period], dict[int, int], list[AttendanceRow]]:
    """The periods asked for, or else the finest at which at most a third of attendance figures hide."""
    choices = [granularity] if granularity else coarser(choose_granularity(scope.date_from, scope.date_to))
    for chosen in choices:
        periods = periods_between(scope.date_from, scope.date_to, chosen)
        period_of = {pk: period_index(periods, day) for pk, day in sessions.day_of.items()}
        attendance = attendance_rows(periods, sessions.meetings, period_of, sessions.marks, scope.k)
        measured = [row for row in attendance if row.marks]
        if sum(row.attended.suppressed or row.late.suppressed for row in measured) * 3 <= len(measured):
            break
    return chosen, periods, period_of, attendance
