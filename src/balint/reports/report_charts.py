"""The report's charts computed once, as data; the SVG renderer (printable page, PDF) and the Chart.js
specs (dashboards) are two drawings of the same `Chart`.

A value is None where a cell is suppressed: the SVG leaves a gap, Chart.js gets null and shows the
cell's "<k" text (`notes`) in its tooltip. Layout details that only one drawing has (label widths,
legends in the SVG; wrapped labels in Chart.js) ride along as fields, so both pictures stay as they were.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from balint.core.dates import day
from balint.reports import charts
from balint.reports.builder import Report
from balint.reports.sections.attendance import FOCUS_COLOURS, FOCUS_ORDER
from balint.reports.sections.surveys import LIKERT_BINS, LIKERT_COLOURS
from balint.reports.sections.themes import PERSPECTIVE_COLOURS

ATTENDED, LATE, WITHHELD = "#2f6f73", "#e9a23b", "#e3e8ec"
PERSPECTIVE_LABELS = ["Resident's own experience", "Patient's experience", "Both / other"]


@dataclass(frozen=True)
class Line:
    """One series (a line, or one colour of stacked bars): a value per label."""

    name: str
    colour: str
    values: Sequence[float | None]
    notes: Sequence[str] | None = None  # what a suppressed value shows instead ("<5")
    texts: Sequence[str] | None = None  # text written on each bar (horizontal rows)
    colours: Sequence[str] | None = None  # a colour per value instead of `colour`
    optional: bool = False  # left off the dashboard when it has no value
    aside: bool = False  # diverging: told beside each bar (its `texts`), not drawn on the scale


@dataclass(frozen=True)
class Chart:
    # "line", "stacked" (vertical, over periods), "rows" (horizontal), "paired" (before/after), "diverging"
    # (horizontal, the `centre` series' middle at 0: series before it extend left, those after it right, on
    # one scale from -top to +top shared by every row)
    kind: str
    title: str
    labels: Sequence[str]
    series: Sequence[Line]
    unit: str = ""
    top: float | None = None
    markers: Sequence[charts.Marker] = ()
    row_notes: Sequence[str] = ()  # rows: text after each bar ("n = 14")
    legend: bool = False  # rows: a legend of the series under the bars
    label_width: float = 220
    row_height: float = 24
    wrap_labels: bool = False  # Chart.js: long row labels on up to three lines
    dashboard: bool = True  # also drawn on the dashboards
    centre: int = 0  # diverging: the index of the neutral series among those drawn on the scale

    @property
    def drawn(self) -> list[Line]:
        """The series drawn on the scale (diverging charts tell the `aside` ones beside their bars)."""
        return [s for s in self.series if not s.aside]

    def spans(self) -> list[list[tuple[float, float] | None]]:
        """Diverging: per drawn series, each row's segment (start, end); None where its value is hidden.

        The neutral series is split evenly around 0; the others are laid outwards from its edges in their
        order (the one next to it first), so a hidden value takes no room and a row still centres on 0.
        """
        drawn = self.drawn
        out: list[list[tuple[float, float] | None]] = [[None] * len(self.labels) for _ in drawn]
        for row in range(len(self.labels)):
            middle = drawn[self.centre].values[row]
            half = (middle or 0) / 2
            if middle is not None:
                out[self.centre][row] = (-half, half)
            for direction, order in (
                (-1, range(self.centre - 1, -1, -1)),
                (1, range(self.centre + 1, len(drawn))),
            ):
                edge = direction * half
                for i in order:
                    value = drawn[i].values[row]
                    if value is None:
                        continue
                    out[i][row] = (edge - value, edge) if direction < 0 else (edge, edge + value)
                    edge += direction * value
        return out


def report_charts(report: Report) -> dict[str, Chart]:
    """Every chart of the report, keyed by section; empty sections have no chart."""
    labels = [p.label for p in report.periods]
    markers = [
        charts.Marker(
            index=c.position, label=_("{summary} · {date}").format(summary=c.summary, date=day(c.date))
        )
        for c in report.changes
    ]
    out: dict[str, Chart] = {}
    if any(row.marks for row in report.attendance):
        out["attendance"] = Chart(
            kind="line",
            # xgettext:no-python-format
            title=_("Attendance and lateness by period (% of attendance marks)"),
            labels=labels,
            series=[
                Line(
                    "Took part",
                    ATTENDED,
                    [r.attended.value for r in report.attendance],
                    notes=[r.attended.display for r in report.attendance],
                ),
                Line(
                    "Arrived late",
                    LATE,
                    [r.late.value for r in report.attendance],
                    notes=[r.late.display for r in report.attendance],
                ),
            ],
            unit="%",
            top=100,
            markers=markers,
        )
    if any(row.total for row in report.focus):
        out["focus"] = Chart(
            kind="stacked",
            title=_("Sessions held by focus"),
            labels=labels,
            series=[
                Line(label, FOCUS_COLOURS[key], [row.counts[i] for row in report.focus])
                for i, (key, label) in enumerate(zip([*FOCUS_ORDER, ""], report.focus_labels, strict=True))
                if any(row.counts[i] for row in report.focus)
            ],
            markers=markers,
        )
    if report.timeline.total:
        out["timeline"] = Chart(
            kind="stacked",
            title=_("Coded passages by theme category"),
            labels=labels,
            series=[Line(row.name, row.colour, row.counts) for row in report.timeline.categories],
            markers=markers,
        )
    if report.perspective:
        out["perspective"] = _perspective(report)
    if report.themes:
        shown = report.themes[:12]
        out["themes"] = Chart(
            kind="rows",
            title=_("Most coded themes"),
            labels=[t.name for t in shown],
            series=[Line("Passages", "", [t.codings for t in shown], colours=[t.colour for t in shown])],
            dashboard=False,
        )
    for change in report.changes:
        rows = [
            ("Took part", change.before.attended.value, change.after.attended.value),
            ("Arrived late", change.before.late.value, change.after.late.value),
            *change.focus_rows(),
        ]
        out[change.chart_key] = Chart(
            kind="paired",
            title=_("{summary}: before and after {date}").format(
                summary=change.summary, date=day(change.date)
            ),
            labels=[label for label, _, _ in rows],
            series=[
                Line(f"Before ({change.before.sessions} sessions)", "#a9b4bd", [b for _, b, _ in rows]),
                Line(f"After ({change.after.sessions} sessions)", "#2f6f73", [a for _, _, a in rows]),
            ],
            unit="%",
            top=100,
            dashboard=False,
        )
    likert = _likert(report)
    if likert is not None:
        out["likert"] = likert
    return out


def _perspective(report: Report) -> Chart:
    rows = report.perspective
    return Chart(
        kind="rows",
        title=_("Perspective of coded passages"),
        labels=[row.label for row in rows],
        series=[
            Line(
                label,
                colour,
                [100 * row.counts[i] / row.marked if row.marked else 0 for row in rows],
                texts=[row.shares()[i] for row in rows],
            )
            for i, (label, colour) in enumerate(
                zip(PERSPECTIVE_LABELS, PERSPECTIVE_COLOURS.values(), strict=True)
            )
        ],
        unit="%",
        top=100,
        row_notes=[f"n = {row.marked}" for row in rows],
        legend=True,
        label_width=170,
        row_height=30,
    )


def _likert(report: Report) -> Chart | None:
    """Every shown statement as one diverging bar on one shared scale: disagree to the left of the neutral
    answers' middle, agree to the right; answers withheld as small cells are told beside the bar."""
    questions = [q for s in report.surveys for q in s.likert if q.shown]
    if not questions:
        return None
    series = []
    for i, (label, colour) in enumerate(zip(LIKERT_BINS, LIKERT_COLOURS, strict=True)):
        cells = [q.bins[i] for q in questions]
        shares = [
            None if c.value is None else 100 * c.value / q.n for c, q in zip(cells, questions, strict=True)
        ]
        series.append(
            Line(
                label,
                colour,
                shares,
                notes=[c.display for c in cells],
                texts=["" if share is None else f"{round(share)}%" for share in shares],
            )
        )
    # Withheld cells are told together: their sum is n minus the shown cells anyway. They belong to no side,
    # so they stay off the scale rather than push one side outwards.
    withheld = [sum((100 * (c.raw or 0) / q.n for c in q.bins if c.suppressed), 0.0) for q in questions]
    series.append(
        Line(
            "Withheld (small cells)",
            WITHHELD,
            withheld,
            notes=[f"<{report.k} in each withheld group" for _ in questions],
            texts=[f"{round(w)}% withheld" if w else "" for w in withheld],
            optional=True,
            aside=True,
        )
    )
    chart = Chart(
        kind="diverging",
        title=_("Survey statements: share of answers that disagree, are neutral, agree"),
        labels=[q.text for q in questions],
        series=series,
        unit="%",
        row_notes=[f"n = {q.n}" for q in questions],
        legend=True,
        label_width=250,
        row_height=34,
        wrap_labels=True,
        centre=LIKERT_BINS.index("Neutral"),
    )
    return replace(chart, top=shared_extent(chart.spans()))


def shared_extent(spans: Sequence[Sequence[tuple[float, float] | None]], step: float = 25) -> float:
    """The one scale of a diverging chart: the farthest end from 0 on either side, up to a multiple of
    `step` (at most 100), so every row is read against the same distances."""
    farthest = max((abs(end) for row in spans for span in row if span for end in span), default=0)
    return min(100.0, max(step, step * math.ceil(round(farthest, 6) / step)))


# ---- the two drawings ------------------------------------------------------------------------------------


def as_svg(chart: Chart) -> SafeString:
    if chart.kind == "line":
        return charts.line_chart(
            title=chart.title,
            labels=chart.labels,
            series=[charts.Series(s.name, s.values, s.colour) for s in chart.series],
            unit=chart.unit,
            top=chart.top,
            markers=chart.markers,
        )
    if chart.kind == "stacked":
        return charts.stacked_bar_chart(
            title=chart.title,
            labels=chart.labels,
            series=[charts.Series(s.name, s.values, s.colour) for s in chart.series],
            unit=chart.unit,
            top=chart.top,
            markers=chart.markers,
        )
    if chart.kind == "paired":
        before, after = chart.series
        return charts.paired_bars(
            title=chart.title,
            rows=list(zip(chart.labels, before.values, after.values, strict=True)),
            names=(before.name, after.name),
            colours=(before.colour, after.colour),
            unit=chart.unit,
            top=chart.top or 100,
        )
    if chart.kind == "diverging":
        spans = chart.spans()
        return charts.diverging_rows(
            title=chart.title,
            rows=[
                charts.DivergingRow(
                    label=label,
                    spans=[
                        charts.Span(span[0], span[1], s.colour, s.texts[j] if s.texts else "")
                        for s, row in zip(chart.drawn, spans, strict=True)
                        if (span := row[j]) is not None
                    ],
                    notes=[
                        chart.row_notes[j] if chart.row_notes else "",
                        *[s.texts[j] for s in chart.series if s.aside and s.texts and s.texts[j]],
                    ],
                )
                for j, label in enumerate(chart.labels)
            ],
            top=chart.top or 100,
            unit=chart.unit,
            sides=(chart.drawn[0].name, chart.drawn[-1].name),
            legend=[(s.name, s.colour) for s in chart.drawn],
            label_width=chart.label_width,
            row_height=chart.row_height,
        )
    rows = [
        charts.BarRow(
            label=label,
            segments=[
                charts.Segment(
                    s.values[j], s.colours[j] if s.colours else s.colour, s.texts[j] if s.texts else ""
                )
                for s in chart.series
            ],
            note=chart.row_notes[j] if chart.row_notes else "",
        )
        for j, label in enumerate(chart.labels)
    ]
    return charts.bar_rows(
        title=chart.title,
        rows=rows,
        top=chart.top,
        legend=[(s.name, s.colour) for s in chart.series] if chart.legend else (),
        label_width=chart.label_width,
        row_height=chart.row_height,
    )


def as_chartjs(chart: Chart) -> dict[str, Any]:
    """The chart as the spec `reports/reports.js` draws: values to one decimal, null when hidden."""
    if chart.kind == "diverging":
        return _diverging_chartjs(chart)
    horizontal = chart.kind == "rows"
    spec: dict[str, Any] = {"type": "line" if chart.kind == "line" else "bar"}
    if horizontal:
        spec["horizontal"] = True
    if chart.kind in ("stacked", "rows"):
        spec["stacked"] = True
    labels = (
        [charts.wrap(label, 34, 3) for label in chart.labels] if chart.wrap_labels else list(chart.labels)
    )
    if horizontal:
        spec.update(unit=chart.unit, max=chart.top, labels=labels)
    else:
        spec["labels"] = labels
        if chart.unit:
            spec["unit"] = chart.unit
        if chart.top:
            spec["max"] = chart.top
        spec["markers"] = [{"index": m.index, "label": m.label} for m in chart.markers]
    spec["datasets"] = []
    for s in chart.series:
        if s.optional and not any(s.values):
            continue
        dataset: dict[str, Any] = {"label": s.name, "colour": s.colour, "data": [_round(v) for v in s.values]}
        if s.notes is not None:
            dataset["notes"] = list(s.notes)
        spec["datasets"].append(dataset)
    return spec


def _diverging_chartjs(chart: Chart) -> dict[str, Any]:
    """Floating bars ([start, end] on the shared scale) for the drawn series; each row's label carries its
    notes (n, withheld answers), and `table` the figures as words for the table under the chart."""
    notes = [
        [
            chart.row_notes[j] if chart.row_notes else "",
            *[s.texts[j] for s in chart.series if s.aside and s.texts],
        ]
        for j in range(len(chart.labels))
    ]
    spec: dict[str, Any] = {
        "type": "bar",
        "horizontal": True,
        "diverging": True,
        "unit": chart.unit,
        "max": chart.top,
        "labels": list(chart.labels),
        "notes": [" · ".join(n for n in row if n) for row in notes],
        "sides": [chart.drawn[0].name, chart.drawn[-1].name],
        "datasets": [
            {
                "label": s.name,
                "colour": s.colour,
                "data": [None if span is None else [_round(span[0]), _round(span[1])] for span in spans],
                "values": [_round(v) for v in s.values],
                "texts": list(s.texts or []),
                "notes": list(s.notes or []),
            }
            for s, spans in zip(chart.drawn, chart.spans(), strict=True)
        ],
        "table": {
            "columns": ["n", *[s.name for s in chart.series if not (s.optional and not any(s.values))]],
            "rows": [
                [
                    label,
                    chart.row_notes[j].removeprefix("n = ") if chart.row_notes else "",
                    *[_share(s, j) for s in chart.series if not (s.optional and not any(s.values))],
                ]
                for j, label in enumerate(chart.labels)
            ],
        },
    }
    return spec


def _share(series: Line, row: int) -> str:
    """A value of a diverging chart's series in words: its share, or what stands for it when hidden."""
    value = series.values[row]
    if value is None:
        return series.notes[row] if series.notes else "–"
    return f"{round(value)}%" if value or not series.aside else "–"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
