"""A leader's progress and log as files to attach to an application: XLSX (openpyxl) and PDF (WeasyPrint).

Both come from one context (`export_context`) so they say the same thing. Debrief reflections never
leave the workspace: the files show only whether a session was debriefed.
"""

import datetime
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from balint.leaders.progress import LedSession, PathProgress
from balint.leaders.selectors import LogPage
from balint.programs.models import Person


@dataclass(frozen=True)
class ExportContext:
    leader: Person
    progress: PathProgress
    log: LogPage
    sessions: list[LedSession]
    generated_on: datetime.date

    def as_dict(self) -> dict:
        return {
            "leader": self.leader,
            "progress": self.progress,
            "path": self.progress.followed.path,
            "followed": self.progress.followed,
            "log": self.log,
            "sessions": self.sessions,
            "generated_on": self.generated_on,
            "hours_led": round(sum(s.minutes for s in self.sessions) / 60, 2),
        }


def export_context(*, leader: Person, progress: PathProgress, log: LogPage) -> ExportContext:
    sessions = sorted(log.log.sessions, key=lambda s: s.day)
    return ExportContext(
        leader=leader, progress=progress, log=log, sessions=sessions, generated_on=progress.today
    )


def _status(item) -> str:  # noqa: ANN001
    if item.met:
        return f"Met{f' on {item.met_on:%Y-%m-%d}' if item.met_on else ''}"
    if item.projected_on:
        return f"Missing {item.missing_label}; at this pace by {item.projected_on:%Y-%m-%d}"
    return f"Missing {item.missing_label}"


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        width = max(
            [len(str(name))] + [len(str(r[index - 1])) for r in rows[:500] if r[index - 1] is not None]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"


def export_xlsx(context: ExportContext) -> bytes:
    """A workbook: the summary against the path, then sessions led, training and supervision sheets."""
    data = context.as_dict()
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    path = data["path"]
    for line in [
        [f"{path.name}"],
        [f"Leader: {context.leader.full_name}"],
        [f"Counting from {data['followed'].started_on:%Y-%m-%d}; generated {context.generated_on:%Y-%m-%d}"],
        ["Prepared from the leader's own log in Balint; not a certificate."],
        [],
        ["Requirement", "Required", "Counted", "Needed", "Unit", "Status"],
    ]:
        summary.append(line)
    summary["A1"].font = Font(bold=True, size=13)
    for cell in summary[6]:
        cell.font = Font(bold=True)
    for item in context.progress.items:
        summary.append(
            [
                item.requirement.label,
                "yes" if item.requirement.required else "recommended",
                float(item.amount),
                float(item.minimum),
                item.unit,
                _status(item),
            ]
        )
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["F"].width = 50
    for row in summary.iter_rows(min_row=7):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    _sheet(
        workbook,
        "Sessions led",
        ["Date", "Group", "Program or setting", "Minutes", "Co-leader(s)", "Debriefed", "Source"],
        [
            [
                s.day,
                s.group,
                s.program,
                s.minutes,
                ", ".join(s.co_leaders),
                ("yes" if s.debriefed else "no") if s.in_workspace else "",
                "workspace" if s.in_workspace else "entered by hand",
            ]
            for s in context.sessions
        ],
    )
    _sheet(
        workbook,
        "Training",
        ["First day", "Last day", "Kind", "Title", "Organizer", "Hours"],
        [
            [t.starts_on, t.ends_on, t.get_kind_display(), t.title, t.organizer, float(t.hours)]
            for t in sorted(context.log.training, key=lambda t: t.starts_on)
        ],
    )
    _sheet(
        workbook,
        "Supervision",
        ["Date", "Supervisor", "Group", "Hours", "Recording reviewed"],
        [
            [s.held_on, s.supervisor, s.group_label, float(s.hours), "yes" if s.recorded else "no"]
            for s in sorted(context.log.supervision, key=lambda s: s.held_on)
        ],
    )
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            if isinstance(row[0].value, datetime.date):
                row[0].number_format = "yyyy-mm-dd"
            if len(row) > 1 and isinstance(row[1].value, datetime.date):
                row[1].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_html(context: ExportContext) -> str:
    return render_to_string("leaders/export.html", context.as_dict())


def export_pdf(context: ExportContext) -> bytes:
    """The printable page rendered by WeasyPrint; no network fetch (the stylesheet is inline)."""
    from weasyprint import HTML

    def no_fetch(url: str, timeout: int = 10, ssl_context=None):  # noqa: ANN001, ANN202, ARG001
        raise ValueError(f"External resource refused: {url}")

    return HTML(string=export_html(context), url_fetcher=no_fetch).write_pdf()
