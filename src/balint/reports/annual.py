"""The annual program evaluation packet: the leaders' words, the report's figures and quotes, the scales.

`annual_evaluation_start` opens a year (carrying last year's committee, goals and unfinished actions);
`annual_evaluation_update` saves the words and the action plan; `annual_packet_build` gathers the packet
as plain data for one template (screen and PDF) and for the DOCX writer.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Person, Program
from balint.reports.annual_models import ActionItem, AnnualEvaluation
from balint.reports.builder import Report, min_cell_for, report_build
from balint.reports.scores import ScaleOverview, latest_change, program_scales, scale_overview

ACTION_FIELDS = ["action", "measure", "owner", "due_on", "status", "outcome"]
TEXT_FIELDS = [
    "committee",
    "goals",
    "last_year_summary",
    "strengths",
    "weaknesses",
    "opportunities",
    "threats",
]


@transaction.atomic
def annual_evaluation_start(
    *, program: Program, academic_year: int, person: Person | None = None
) -> AnnualEvaluation:
    """Open a year's evaluation; last year's committee and goals are copied and its open actions carried."""
    if not 2000 <= academic_year <= 2100:
        raise ApplicationError(
            _("Give the academic year as the year it starts, e.g. 2025."), extra={"field": "academic_year"}
        )
    if AnnualEvaluation.objects.filter(program=program, academic_year=academic_year).exists():
        raise ApplicationError(_("This year's evaluation already exists."), extra={"field": "academic_year"})
    previous = AnnualEvaluation.objects.filter(program=program, academic_year=academic_year - 1).first()
    evaluation = validated(
        AnnualEvaluation(
            program=program,
            academic_year=academic_year,
            committee=previous.committee if previous else "",
            goals=previous.goals if previous else "",
            edited_by=person,
        )
    )
    evaluation.save()
    if previous:
        for position, item in enumerate((a for a in previous.actions.all() if a.open), start=1):
            ActionItem.objects.create(
                evaluation=evaluation,
                position=position,
                action=item.action,
                measure=item.measure,
                owner=item.owner,
                carried_from=item,
            )
    return evaluation


@transaction.atomic
def annual_evaluation_update(
    *,
    evaluation: AnnualEvaluation,
    data: dict[str, Any],
    actions: list[dict[str, Any]],
    person: Person | None = None,
) -> AnnualEvaluation:
    """Save the words and replace the action plan, all or nothing; an action needs a measure and an owner."""
    evaluation = AnnualEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(evaluation, name, data[name])
    evaluation.edited_by = person
    validated(evaluation).save()
    kept = {a.pk: a for a in evaluation.actions.all()}
    seen = set()
    for position, row in enumerate(actions, start=1):
        if not (row.get("measure") and row.get("owner")):
            raise ApplicationError(
                _("Action {position}: give a measure and an owner.").format(position=position),
                extra={"field": "actions", "row": position},
            )
        item = kept.get(row.get("pk")) or ActionItem(evaluation=evaluation)
        for name in ACTION_FIELDS:
            if name in row:
                setattr(item, name, row[name])
        item.position = position
        validated(item).save()
        seen.add(item.pk)
    evaluation.actions.exclude(pk__in=seen).delete()
    return evaluation


@dataclass
class Packet:
    program: Program
    evaluation: AnnualEvaluation
    report: Report
    issued: datetime.date
    k: int
    actions: list[ActionItem]
    previous_actions: list[ActionItem]
    scales: list[ScaleOverview] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Annual program evaluation {label}: {program}").format(
            label=self.evaluation.label, program=self.program.name
        )

    def committee_lines(self) -> list[str]:
        return [line.strip() for line in self.evaluation.committee.splitlines() if line.strip()]

    @property
    def quotes(self) -> list[tuple[str, Any]]:
        return [(theme.name, quote) for theme in self.report.themes for quote in theme.quotes][:8]

    @property
    def swot(self) -> list[tuple[str, str]]:
        e = self.evaluation
        return [
            ("Strengths", e.strengths),
            ("Weaknesses", e.weaknesses),
            ("Opportunities", e.opportunities),
            ("Threats", e.threats),
        ]


def annual_packet_build(
    *,
    program: Program,
    academic_year: int,
    issued: datetime.date,
    progress: Callable[[int, str], None] | None = None,
) -> Packet:
    """The packet for a year: the saved words (or blanks), the year's report and the scales, k everywhere."""
    step = progress or (lambda percent, message: None)
    evaluation = AnnualEvaluation.objects.filter(program=program, academic_year=academic_year).first()
    if evaluation is None:
        evaluation = AnnualEvaluation(program=program, academic_year=academic_year)
    k = min_cell_for(program)
    step(10, _("Drawing the year's figures"))
    report = report_build(
        program=program, date_from=evaluation.starts_on, date_to=evaluation.ends_on, issued=issued, k=k
    )
    step(60, _("Scoring the scales"))
    change = latest_change(program)
    scales = []
    for key in program_scales(program):
        scales.append(
            scale_overview(
                program=program,
                scale_key=key,
                k=k,
                change_date=change[0] if change else None,
                change_label=change[1] if change else "",
                date_to=evaluation.ends_on,
            )
        )
    previous = AnnualEvaluation.objects.filter(program=program, academic_year=academic_year - 1).first()
    return Packet(
        program=program,
        evaluation=evaluation,
        report=report,
        issued=issued,
        k=k,
        actions=list(evaluation.actions.all()) if evaluation.pk else [],
        previous_actions=list(previous.actions.all()) if previous else [],
        scales=[s for s in scales if not s.empty],
    )


# ---- rendering --------------------------------------------------------------------------------------


def render_packet_html(packet: Packet, *, standalone: bool = True) -> str:
    from django.template.loader import render_to_string
    from django.utils.safestring import SafeString

    from balint.reports.render import _stylesheet

    return render_to_string(
        "reports/annual_packet.html",
        {
            "packet": packet,
            "standalone": standalone,
            "stylesheet": SafeString(_stylesheet()) if standalone else "",
        },
    )


def render_packet_pdf(packet: Packet) -> bytes:
    """The packet as a PDF with WeasyPrint, as the report is (no creation time in the metadata)."""
    import logging
    import os
    from pathlib import Path

    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    buffer = io.BytesIO()
    HTML(string=render_packet_html(packet), base_url=str(Path(__file__).parent)).write_pdf(buffer)
    return buffer.getvalue()


# Characters XML 1.0 cannot hold (python-docx refuses them, so one pasted vertical tab failed the packet).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _paragraph(document: Any, text: str, **kwargs: Any) -> Any:
    return document.add_paragraph(_xml(text), **kwargs)


def _heading(document: Any, text: str, **kwargs: Any) -> Any:
    return document.add_heading(_xml(text), **kwargs)


def render_packet_docx(packet: Packet) -> bytes:
    """The packet as a Word document the committee can edit further (python-docx)."""
    from docx import Document

    document = Document()
    document.core_properties.title = _xml(packet.title)
    _heading(document, packet.title, level=0)
    _paragraph(
        document,
        _(
            "{institution}. Academic year {starts_on} to {ends_on}. Issued {issued}. Figures counting fewer "
            "than {k} people are shown as “<{k}”."
        ).format(
            institution=packet.program.institution,
            starts_on=day(packet.evaluation.starts_on),
            ends_on=day(packet.evaluation.ends_on),
            issued=day(packet.issued),
            k=packet.k,
        ),
    )
    _heading(document, _("1. Program evaluation committee"), level=1)
    for line in packet.committee_lines() or [_("(not yet entered)")]:
        _paragraph(document, line, style="List Bullet")
    _heading(document, _("2. Program goals"), level=1)
    _paragraph(document, packet.evaluation.goals or _("(not yet entered)"))
    _heading(document, _("3. Last year's action plan: what was done"), level=1)
    if packet.evaluation.last_year_summary:
        _paragraph(document, packet.evaluation.last_year_summary)
    _action_table(document, packet.previous_actions, with_outcome=True)
    _heading(document, _("4. The year in figures"), level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Light Grid Accent 1"
    for label, value in packet.report.overview:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = _xml(label), _xml(str(value))
    for change in packet.report.changes:
        before, after = change.before, change.after
        _paragraph(
            document,
            _(
                "{summary} on {date}: attendance {attended} before, {attended2} after; late "
                "arrivals {late} before, {late2} after."
            ).format(
                summary=change.summary,
                date=day(change.date),
                attended=before.attended,
                attended2=after.attended,
                late=before.late,
                late2=after.late,
            ),
        )
    for scale in packet.scales:
        _heading(document, scale.definition.name, level=2)
        for pool in scale.pools:
            line = ", ".join(
                _("{name} mean {mean} (median {median}, n {n})").format(
                    name=s.name, mean=s.mean, median=s.median, n=s.n
                )
                for s in pool.subscales
            )
            _paragraph(
                document,
                _("{label}: {value}").format(
                    label=pool.label, value=line if pool.shown else _("too few respondents to report")
                ),
            )
        for row in scale.changes:
            if row.result is not None:
                r = row.result
                low, high = r.difference_ci
                text = _(
                    "{subscale}, before/after {date}: difference {difference:+.1f} (95% CI {low:+.1f} to "
                    "{high:+.1f}), n {n_before} and {n_after}"
                ).format(
                    subscale=row.subscale,
                    date=day(scale.change_date),
                    difference=r.difference,
                    low=low,
                    high=high,
                    n_before=r.n_before,
                    n_after=r.n_after,
                )
                if r.hedges_g is not None:
                    text += _("; Hedges' g {g:+.2f} ({low:+.2f} to {high:+.2f})").format(
                        g=r.hedges_g, low=r.hedges_g_ci[0], high=r.hedges_g_ci[1]
                    )
                _paragraph(document, text)
        _paragraph(document, _("Source: {citation}").format(citation=scale.definition.citation))
    if packet.quotes:
        _heading(document, _("What residents and leaders said"), level=2)
        for theme, quote in packet.quotes:
            _paragraph(
                document,
                _("“{text}” ({theme}; {where})").format(text=quote.text, theme=theme, where=quote.where),
                style="Quote",
            )
    _heading(document, _("5. Strengths, weaknesses, opportunities and threats"), level=1)
    for heading, text in packet.swot:
        _heading(document, heading, level=2)
        _paragraph(document, text or _("(not yet entered)"))
    _heading(document, _("6. Action plan for next year"), level=1)
    _action_table(document, packet.actions, with_outcome=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _action_table(document: Any, actions: list[ActionItem], *, with_outcome: bool) -> None:
    if not actions:
        _paragraph(document, _("(no actions)"))
        return
    heads = ["Action", "Measure", "Owner", "Due", "Status"] + (["Outcome"] if with_outcome else [])
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Light Grid Accent 1"
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.text = head
    for item in actions:
        values = [
            item.action,
            item.measure,
            item.owner,
            day(item.due_on) if item.due_on else "–",
            item.get_status_display(),
        ] + ([item.outcome or "–"] if with_outcome else [])
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _xml(value)


def packet_filename(packet: Packet, output: str) -> str:
    return f"{packet.program.slug}-annual-evaluation-{packet.evaluation.academic_year}.{output}"
