"""Server-side SVG charts (line, stacked bars, horizontal bars) for the printable report and the PDF.

Each helper returns a complete `<svg>` element as safe markup: presentation attributes only (no
`style` attribute, so the Content-Security-Policy allows it on screen), fixed number formatting (the
same data gives the same bytes), a `<title>` for screen readers, and `None` values drawn as gaps
(suppressed cells) rather than as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK, MUTED, GRID, MARKER = "#1f2a33", "#5b6b78", "#e3e8ec", "#9a4b00"
WIDTH = 680


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str


@dataclass(frozen=True)
class Marker:
    """A vertical line at `index` slots from the left (e.g. 2.5: half-way through the third period)."""

    index: float
    label: str


@dataclass(frozen=True)
class Segment:
    value: float | None
    colour: str
    label: str = ""


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: Sequence[Segment] = field(default_factory=tuple)
    note: str = ""  # text after the bar, e.g. "n = 14"


@dataclass(frozen=True)
class Span:
    """One segment of a diverging row, from `start` to `end` on a scale centred on 0."""

    start: float
    end: float
    colour: str
    label: str = ""


@dataclass(frozen=True)
class DivergingRow:
    label: str
    spans: Sequence[Span] = field(default_factory=tuple)
    notes: Sequence[str] = ()  # lines after the scale, e.g. "n = 14", "20% withheld"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _ink_on(colour: str) -> str:
    """White or dark text on a filled colour, whichever reads better (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def _text(
    x: float,
    y: float,
    body: str,
    *,
    size: float = 11,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{_n(size)}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{escape(body)}</text>'
    )


def _svg(width: float, height: float, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (every text part above is escaped)


def _nice_max(value: float) -> float:
    """A round top for the value axis: four equal steps of 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 4
    magnitude = 1.0
    while magnitude * 10 < value:
        magnitude *= 10
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10):
        step = magnitude * factor
        if step >= 1 and step == int(step) and step * 4 >= value:
            return step * 4
    return magnitude * 40


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def wrap(text: str, width: int, most: int) -> list[str]:
    """Words in lines of at most `width` characters, at most `most` lines (the last one cut with …)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines or [""]


def _legend_rows(names: Sequence[str], width: float) -> int:
    rows, cx = 1, 0.0
    for name in names:
        w = 18 + 6.6 * len(name) + 16
        if cx + w > width and cx > 0:
            rows, cx = rows + 1, 0.0
        cx += w
    return rows


def _legend(series: Sequence[tuple[str, str]], x: float, y: float, width: float) -> tuple[list[str], float]:
    parts, cx, cy = [], x, y
    for name, colour in series:
        w = 18 + 6.6 * len(name) + 16
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 18
        parts.append(f'<rect x="{_n(cx)}" y="{_n(cy - 9)}" width="12" height="12" rx="2" fill="{colour}"/>')
        parts.append(_text(cx + 17, cy + 1, name, size=11, fill=INK))
        cx += w
    return parts, cy + 14


def _label_step(count: int, room: float) -> int:
    """Show every n-th x label so labels about 52 units wide do not overlap."""
    return max(1, -(-count * 52 // max(1, int(room))))


def _frame(
    labels: Sequence[str], top: float, unit: str, left: float, plot_top: float, plot_h: float, plot_w: float
) -> list[str]:
    parts = []
    for tick in _ticks(top):
        y = plot_top + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{_n(left)}" x2="{_n(left + plot_w)}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{_n(tick)}{unit}", size=10, anchor="end", fill=MUTED))
    slot = plot_w / max(1, len(labels))
    step = _label_step(len(labels), plot_w)
    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(
                _text(
                    left + slot * (i + 0.5),
                    plot_top + plot_h + 16,
                    label,
                    size=10,
                    anchor="middle",
                    fill=MUTED,
                )
            )
    return parts


def _markers(
    markers: Sequence[Marker], left: float, slot: float, plot_top: float, plot_h: float
) -> list[str]:
    parts = []
    for number, marker in enumerate(markers):
        x = left + slot * marker.index
        parts.append(
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(plot_top - 4)}" y2="{_n(plot_top + plot_h)}" '
            f'stroke="{MARKER}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        parts.append(
            _text(x + 4, plot_top + 8 + 13 * number, marker.label, size=10, fill=MARKER, weight="bold")
        )
    return parts


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    top: float | None = None,
    markers: Sequence[Marker] = (),
    height: float = 250,
) -> SafeString:
    """Lines over periods; a None value breaks the line (a suppressed or empty period)."""
    left, right, plot_top = 46, 12, 18
    plot_w = WIDTH - left - right
    plot_h = height - plot_top - 30 - 18 * _legend_rows([s.name for s in series], plot_w)
    legend, _ = _legend([(s.name, s.colour) for s in series], left, plot_top + plot_h + 38, plot_w)
    values = [v for s in series for v in s.values if v is not None]
    top = top or _nice_max(max(values, default=0))
    slot = plot_w / max(1, len(labels))
    parts = _frame(labels, top, unit, left, plot_top, plot_h, plot_w)
    for s in series:
        run: list[str] = []
        points = []
        for i, value in enumerate(list(s.values) + [None]):
            if value is None:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{s.colour}" '
                        f'stroke-width="2.5" stroke-linejoin="round"/>'
                    )
                run = []
                continue
            x, y = left + slot * (i + 0.5), plot_top + plot_h - plot_h * min(value, top) / top
            run.append(f"{_n(x)},{_n(y)}")
            points.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="{s.colour}"/>')
        parts.extend(points)
    parts.extend(_markers(markers, left, slot, plot_top, plot_h))
    return _svg(WIDTH, height, title, parts + legend)


def stacked_bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    top: float | None = None,
    markers: Sequence[Marker] = (),
    height: float = 250,
) -> SafeString:
    """Stacked vertical bars, one per period; a None value adds nothing to its bar."""
    left, right, plot_top = 46, 12, 18
    plot_w = WIDTH - left - right
    plot_h = height - plot_top - 30 - 18 * _legend_rows([s.name for s in series], plot_w)
    legend, _ = _legend([(s.name, s.colour) for s in series], left, plot_top + plot_h + 38, plot_w)
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top = top or _nice_max(max(totals, default=0))
    slot = plot_w / max(1, len(labels))
    bar = max(2.0, min(38.0, slot * 0.7))
    parts = _frame(labels, top, unit, left, plot_top, plot_h, plot_w)
    for i in range(len(labels)):
        base = plot_top + plot_h
        x = left + slot * (i + 0.5) - bar / 2
        for s in series:
            value = s.values[i] or 0
            if value <= 0:
                continue
            h = plot_h * value / top
            base -= h
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(base)}" width="{_n(bar)}" height="{_n(h)}" fill="{s.colour}"/>'
            )
    parts.extend(_markers(markers, left, slot, plot_top, plot_h))
    return _svg(WIDTH, height, title, parts + legend)


def bar_rows(
    *,
    title: str,
    rows: Sequence[BarRow],
    top: float | None = None,
    label_width: float = 220,
    legend: Sequence[tuple[str, str]] = (),
    row_height: float = 24,
) -> SafeString:
    """Horizontal bars, one row each, possibly stacked (segments); `top` None scales to the longest row."""
    right, bar_h = 70, row_height * 0.62
    plot_w = WIDTH - label_width - right
    totals = [sum(seg.value or 0 for seg in row.segments) for row in rows]
    top = top or _nice_max(max(totals, default=0))
    parts: list[str] = []
    y = 6.0
    for row, total in zip(rows, totals, strict=True):
        lines = wrap(row.label, max(12, int(label_width / 6.2)), 2)
        for number, line in enumerate(lines):
            offset = (number - (len(lines) - 1) / 2) * 12
            parts.append(_text(label_width - 8, y + bar_h - 3 + offset, line, size=10.5, anchor="end"))
        parts.append(
            f'<rect x="{_n(label_width)}" y="{_n(y)}" width="{_n(plot_w)}" height="{_n(bar_h)}" '
            f'fill="#f4f6f8"/>'
        )
        x = float(label_width)
        for seg in row.segments:
            if not seg.value:
                continue
            w = plot_w * seg.value / top
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(bar_h)}" fill="{seg.colour}"/>'
            )
            if seg.label and w > 26:
                parts.append(
                    _text(
                        x + w / 2,
                        y + bar_h - 3.5,
                        seg.label,
                        size=10,
                        anchor="middle",
                        fill="#ffffff",
                        weight="bold",
                    )
                )
            x += w
        note = row.note or (_n(total) if not legend else "")
        if note:
            parts.append(
                _text(
                    label_width + plot_w * min(total, top) / top + 6, y + bar_h - 3, note, size=10, fill=MUTED
                )
            )
        y += row_height
    height = y + 4
    if legend:
        legend_parts, bottom = _legend(legend, label_width, y + 14, plot_w + right)
        parts += legend_parts
        height = bottom + 4
    return _svg(WIDTH, height, title, parts)


def paired_bars(
    *,
    title: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    names: tuple[str, str],
    colours: tuple[str, str] = ("#a9b4bd", "#2f6f73"),
    unit: str = "%",
    top: float = 100,
    label_width: float = 230,
) -> SafeString:
    """Two bars per row (e.g. before and after a change), with their values; None is drawn as "<k"."""
    right, bar_h, gap = 60, 11, 16
    plot_w = WIDTH - label_width - right
    parts: list[str] = []
    y = 6.0
    for label, first, second in rows:
        parts.append(_text(label_width - 8, y + bar_h + 3, label, size=11, anchor="end"))
        for offset, (value, colour) in enumerate(((first, colours[0]), (second, colours[1]))):
            by = y + offset * (bar_h + 2)
            parts.append(
                f'<rect x="{_n(label_width)}" y="{_n(by)}" width="{_n(plot_w)}" height="{_n(bar_h)}" '
                f'fill="#f4f6f8"/>'
            )
            if value is None:
                parts.append(_text(label_width + 4, by + bar_h - 2, "suppressed", size=9, fill=MUTED))
                continue
            w = plot_w * min(value, top) / top
            parts.append(
                f'<rect x="{_n(label_width)}" y="{_n(by)}" width="{_n(w)}" height="{_n(bar_h)}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                _text(label_width + w + 5, by + bar_h - 2, f"{round(value)}{unit}", size=9.5, fill=INK)
            )
        y += 2 * bar_h + 2 + gap
    legend, bottom = _legend(list(zip(names, colours, strict=True)), label_width, y + 8, plot_w + right)
    return _svg(WIDTH, bottom + 4, title, parts + legend)


def diverging_rows(
    *,
    title: str,
    rows: Sequence[DivergingRow],
    top: float,
    unit: str = "%",
    sides: tuple[str, str] = ("", ""),
    legend: Sequence[tuple[str, str]] = (),
    label_width: float = 250,
    row_height: float = 34,
    step: float = 25,
) -> SafeString:
    """Horizontal bars centred on 0 (e.g. Likert answers: disagree left, agree right), every row on the one
    scale from -top to +top, with ticks every `step` written without sign and the two sides named above."""
    right, bar_h, head = 92, row_height * 0.62, 30
    plot_w = WIDTH - label_width - right
    centre = label_width + plot_w / 2
    scale = plot_w / 2 / top
    bottom = head + row_height * len(rows)
    parts = [
        _text(label_width, 12, f"← {sides[0]}", size=10.5, fill=MUTED, weight="bold"),
        _text(label_width + plot_w, 12, f"{sides[1]} →", size=10.5, anchor="end", fill=MUTED, weight="bold"),
    ]
    ticks = [step * i for i in range(-int(top // step), int(top // step) + 1)]
    for tick in ticks:
        x = centre + tick * scale
        colour = INK if tick == 0 else GRID
        parts.append(
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(head - 6)}" y2="{_n(bottom)}" stroke="{colour}"/>'
        )
        parts.append(_text(x, bottom + 13, f"{_n(abs(tick))}{unit}", size=10, anchor="middle", fill=MUTED))
    y = float(head)
    for row in rows:
        lines = wrap(row.label, max(12, int(label_width / 6.2)), 2)
        for number, line in enumerate(lines):
            offset = (number - (len(lines) - 1) / 2) * 12
            parts.append(_text(label_width - 8, y + bar_h - 3 + offset, line, size=10.5, anchor="end"))
        for span in row.spans:
            x, w = centre + span.start * scale, (span.end - span.start) * scale
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(bar_h)}" fill="{span.colour}"/>'
            )
            if span.label and w > 26:
                parts.append(
                    _text(
                        x + w / 2,
                        y + bar_h - 3.5,
                        span.label,
                        size=10,
                        anchor="middle",
                        fill=_ink_on(span.colour),
                        weight="bold",
                    )
                )
        notes = [note for note in row.notes if note]
        for number, note in enumerate(notes):
            offset = (number - (len(notes) - 1) / 2) * 12
            parts.append(_text(label_width + plot_w + 8, y + bar_h - 3 + offset, note, size=10, fill=MUTED))
        y += row_height
    height = bottom + 20
    if legend:
        legend_parts, end = _legend(legend, label_width, bottom + 36, plot_w + right)
        parts += legend_parts
        height = end + 4
    return _svg(WIDTH, height, title, parts)
