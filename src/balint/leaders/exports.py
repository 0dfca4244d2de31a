"""A leader's progress and log as files to attach to an application: XLSX (core.spreadsheets, the one
spreadsheet writer) and PDF (WeasyPrint).

Both come from one context (`export_context`) so they say the same thing. Debrief reflections never
leave the workspace: the files show only whether a session was debriefed.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from balint.core.spreadsheets import Sheet, xlsx_book
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


def _status(item) -> str:
    if item.met:
        if item.met_on:
            return _("Met on {date:%Y-%m-%d}").format(date=item.met_on)
        return _("Met")
    if item.projected_on:
        return _("Missing {label}; at this pace by {date:%Y-%m-%d}").format(
            label=item.missing_label, date=item.projected_on
        )
    return _("Missing {label}").format(label=item.missing_label)


def export_xlsx(context: ExportContext) -> bytes:
    """A workbook: the summary against the path, then sessions led, training and supervision sheets."""
    data = context.as_dict()
    path, started = data["path"], data["followed"].started_on
    summary = Sheet(
        title=_("Summary"),
        preamble=[
            [f"{path.name}"],
            [_("Leader: {name}").format(name=context.leader.full_name)],
            [
                _("Counting from {started:%Y-%m-%d}; generated {generated:%Y-%m-%d}").format(
                    started=started, generated=context.generated_on
                )
            ],
            [_("Prepared from the leader's own log in Balint; not a certificate.")],
            [],
        ],
        header=[_("Requirement"), _("Required"), _("Counted"), _("Needed"), _("Unit"), _("Status")],
        rows=[
            [
                item.requirement.label,
                _("yes") if item.requirement.required else _("recommended"),
                float(item.amount),
                float(item.minimum),
                item.unit,
                _status(item),
            ]
            for item in context.progress.items
        ],
        widths={"A": 70, "F": 50},
        wrap_first_column=True,
    )
    sessions = Sheet(
        title=_("Sessions led"),
        header=[
            _("Date"),
            _("Group"),
            _("Program or setting"),
            _("Minutes"),
            _("Co-leader(s)"),
            _("Debriefed"),
            _("Source"),
        ],
        rows=[
            [
                s.day,
                s.group,
                s.program,
                s.minutes,
                ", ".join(s.co_leaders),
                (_("yes") if s.debriefed else _("no")) if s.in_workspace else "",
                _("workspace") if s.in_workspace else _("entered by hand"),
            ]
            for s in context.sessions
        ],
    )
    training = Sheet(
        title=_("Training"),
        header=[_("First day"), _("Last day"), _("Kind"), _("Title"), _("Organizer"), _("Hours")],
        rows=[
            [t.starts_on, t.ends_on, t.get_kind_display(), t.title, t.organizer, float(t.hours)]
            for t in sorted(context.log.training, key=lambda t: t.starts_on)
        ],
    )
    supervision = Sheet(
        title=_("Supervision"),
        header=[_("Date"), _("Supervisor"), _("Group"), _("Hours"), _("Recording reviewed")],
        rows=[
            [s.held_on, s.supervisor, s.group_label, float(s.hours), _("yes") if s.recorded else _("no")]
            for s in sorted(context.log.supervision, key=lambda s: s.held_on)
        ],
    )
    return xlsx_book([summary, sessions, training, supervision])


def export_html(context: ExportContext) -> str:
    return render_to_string("leaders/export.html", context.as_dict())


def export_pdf(context: ExportContext) -> bytes:
    """The printable page rendered by WeasyPrint; no network fetch (the stylesheet is inline)."""
    from weasyprint import HTML

    def no_fetch(url: str, timeout: int = 10, ssl_context=None):
        raise ValueError(f"External resource refused: {url}")

    return HTML(string=export_html(context), url_fetcher=no_fetch).write_pdf()
