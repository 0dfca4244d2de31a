"""Turn a `Report` into pictures and documents: SVG charts, Chart.js specs, the HTML page and the PDF.

One template (`reports/report.html`) renders the screen page, the standalone HTML file and the PDF;
`standalone=True` inlines the stylesheet so the file and WeasyPrint need nothing else.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from balint.reports import charts
from balint.reports.builder import (
    FOCUS_COLOURS,
    FOCUS_ORDER,
    LIKERT_BINS,
    LIKERT_COLOURS,
    PERSPECTIVE_COLOURS,
    Report,
)

ATTENDED, LATE = "#2f6f73", "#e9a23b"
PERSPECTIVE_LABELS = ["Resident's own experience", "Patient's experience", "Both / other"]


def _markers(report: Report) -> list[charts.Marker]:
    return [
        charts.Marker(index=c.position, label=f"{c.summary} · {c.date:%-d %b %Y}") for c in report.changes
    ]


def svg_charts(report: Report) -> dict[str, Any]:
    """Every chart of the report as SVG markup, keyed by section; empty sections have no chart."""
    labels = [p.label for p in report.periods]
    out: dict[str, Any] = {}
    if any(row.marks for row in report.attendance):
        out["attendance"] = charts.line_chart(
            title="Attendance and lateness by period (% of attendance marks)",
            labels=labels,
            series=[
                charts.Series("Took part", [r.attended.value for r in report.attendance], ATTENDED),
                charts.Series("Arrived late", [r.late.value for r in report.attendance], LATE),
            ],
            unit="%",
            top=100,
            markers=_markers(report),
        )
    if any(row.total for row in report.focus):
        out["focus"] = charts.stacked_bar_chart(
            title="Sessions held by focus",
            labels=labels,
            series=[
                charts.Series(label, [row.counts[i] for row in report.focus], colour)
                for i, (label, colour) in enumerate(
                    zip(report.focus_labels, report.focus_colours, strict=True)
                )
                if any(row.counts[i] for row in report.focus)
            ],
            markers=_markers(report),
        )
    if report.timeline.total:
        out["timeline"] = charts.stacked_bar_chart(
            title="Coded passages by theme category",
            labels=labels,
            series=[charts.Series(row.name, row.counts, row.colour) for row in report.timeline.categories],
            markers=_markers(report),
        )
    if report.perspective:
        colours = list(PERSPECTIVE_COLOURS.values())
        out["perspective"] = charts.bar_rows(
            title="Perspective of coded passages",
            rows=[
                charts.BarRow(
                    label=row.label,
                    segments=[
                        charts.Segment(100 * c / row.marked if row.marked else 0, colours[i], share)
                        for i, (c, share) in enumerate(zip(row.counts, row.shares(), strict=True))
                    ],
                    note=f"n = {row.marked}",
                )
                for row in report.perspective
            ],
            top=100,
            legend=list(zip(PERSPECTIVE_LABELS, colours, strict=True)),
            label_width=170,
            row_height=30,
        )
    if report.themes:
        out["themes"] = charts.bar_rows(
            title="Most coded themes",
            rows=[
                charts.BarRow(label=t.name, segments=[charts.Segment(t.codings, t.colour)])
                for t in report.themes[:12]
            ],
        )
    for change in report.changes:
        out[change.chart_key] = charts.paired_bars(
            title=f"{change.summary}: before and after {change.date:%-d %b %Y}",
            rows=[
                ("Took part", change.before.attended.value, change.after.attended.value),
                ("Arrived late", change.before.late.value, change.after.late.value),
                *[(label, before, after) for label, before, after in change.focus_rows()],
            ],
            names=(
                f"Before ({change.before.sessions} sessions)",
                f"After ({change.after.sessions} sessions)",
            ),
        )
    likert = _likert_rows(report)
    if likert:
        out["likert"] = charts.bar_rows(
            title="Survey statements: share of answers that disagree, are neutral, agree",
            rows=likert,
            top=100,
            legend=[*zip(LIKERT_BINS, LIKERT_COLOURS, strict=True), ("Withheld (small cells)", "#e3e8ec")],
            label_width=260,
            row_height=34,
        )
    return out


def _likert_rows(report: Report) -> list[charts.BarRow]:
    rows = []
    for survey in report.surveys:
        for question in survey.likert:
            if not question.shown:
                continue
            segments, withheld = [], 0.0
            for cell, colour in zip(question.bins, LIKERT_COLOURS, strict=True):
                share = 100 * (cell.raw or 0) / question.n
                if cell.suppressed:
                    withheld += share
                    segments.append(charts.Segment(None, colour))
                else:
                    segments.append(charts.Segment(share, colour, f"{round(share)}%"))
            # Withheld cells are drawn together in grey: their sum is n minus the shown cells anyway.
            segments.append(charts.Segment(withheld or None, "#e3e8ec"))
            rows.append(charts.BarRow(label=question.text, segments=segments, note=f"n = {question.n}"))
    return rows


def chartjs_specs(report: Report) -> dict[str, Any]:
    """The same charts as data for Chart.js on the dashboards (null where a cell is suppressed)."""
    labels = [p.label for p in report.periods]
    markers = [{"index": c.position, "label": f"{c.summary} · {c.date:%-d %b %Y}"} for c in report.changes]
    specs: dict[str, Any] = {}
    if any(row.marks for row in report.attendance):
        specs["attendance"] = {
            "type": "line",
            "labels": labels,
            "unit": "%",
            "max": 100,
            "markers": markers,
            "datasets": [
                {
                    "label": "Took part",
                    "colour": ATTENDED,
                    "data": [_round(r.attended.value) for r in report.attendance],
                    "notes": [r.attended.display for r in report.attendance],
                },
                {
                    "label": "Arrived late",
                    "colour": LATE,
                    "data": [_round(r.late.value) for r in report.attendance],
                    "notes": [r.late.display for r in report.attendance],
                },
            ],
        }
    if any(row.total for row in report.focus):
        keys = [*FOCUS_ORDER, ""]
        specs["focus"] = {
            "type": "bar",
            "stacked": True,
            "labels": labels,
            "markers": markers,
            "datasets": [
                {
                    "label": label,
                    "colour": FOCUS_COLOURS[key],
                    "data": [row.counts[i] for row in report.focus],
                }
                for i, (key, label) in enumerate(zip(keys, report.focus_labels, strict=True))
                if any(row.counts[i] for row in report.focus)
            ],
        }
    if report.timeline.total:
        specs["timeline"] = {
            "type": "bar",
            "stacked": True,
            "labels": labels,
            "markers": markers,
            "datasets": [
                {"label": row.name, "colour": row.colour, "data": row.counts}
                for row in report.timeline.categories
            ],
        }
    if report.perspective:
        specs["perspective"] = {
            "type": "bar",
            "horizontal": True,
            "stacked": True,
            "unit": "%",
            "max": 100,
            "labels": [row.label for row in report.perspective],
            "datasets": [
                {
                    "label": label,
                    "colour": colour,
                    "data": [
                        _round(100 * row.counts[i] / row.marked) if row.marked else 0
                        for row in report.perspective
                    ],
                }
                for i, (label, colour) in enumerate(
                    zip(PERSPECTIVE_LABELS, PERSPECTIVE_COLOURS.values(), strict=True)
                )
            ],
        }
    likert = [(s, q) for s in report.surveys for q in s.likert if q.shown]
    if likert:
        specs["likert"] = {
            "type": "bar",
            "horizontal": True,
            "stacked": True,
            "unit": "%",
            "max": 100,
            "labels": [charts.wrap(q.text, 34, 3) for _, q in likert],
            "datasets": [
                {
                    "label": label,
                    "colour": colour,
                    "data": [
                        _round(100 * q.bins[i].value / q.n) if q.bins[i].value is not None else None
                        for _, q in likert
                    ],
                    "notes": [q.bins[i].display for _, q in likert],
                }
                for i, (label, colour) in enumerate(zip(LIKERT_BINS, LIKERT_COLOURS, strict=True))
            ],
        }
        withheld = [_round(100 * sum(c.raw or 0 for c in q.bins if c.suppressed) / q.n) for _, q in likert]
        if any(withheld):
            specs["likert"]["datasets"].append(
                {
                    "label": "Withheld (small cells)",
                    "colour": "#e3e8ec",
                    "data": withheld,
                    "notes": [f"<{report.k} in each withheld group" for _ in likert],
                }
            )
    return specs


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _stylesheet() -> str:
    path = finders.find("css/reports.css")
    return Path(path).read_text() if path else ""


def report_context(report: Report, *, standalone: bool) -> dict[str, Any]:
    return {
        "report": report,
        "charts": svg_charts(report),
        "standalone": standalone,
        "stylesheet": SafeString(_stylesheet()) if standalone else "",
    }


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report as one HTML document; standalone inlines its CSS so the file works anywhere."""
    return render_to_string("reports/report.html", report_context(report, standalone=standalone))


def render_pdf(report: Report) -> bytes:
    """The report as a PDF with WeasyPrint, from the same HTML; metadata carry no creation time."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its INFO lines are not for users
    from weasyprint import HTML

    # Where HarfBuzz's subsetter is missing, WeasyPrint subsets fonts with fontTools, which stamps each
    # font with the current second unless the reproducible-builds variable says otherwise.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    html = render_html(report, standalone=True)
    buffer = io.BytesIO()
    HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(buffer, uncompressed_pdf=False)
    return buffer.getvalue()
