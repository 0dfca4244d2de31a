"""The theme timeline of the analysis views as small multiples: one small chart per chosen theme, every one
on the same scale, instead of one chart of many overlapping lines.

Computed here once from the cached `Timeline`; `coding/charts.js` draws `spec()` with Chart.js, and the page
writes the figures as a table under the charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from balint.coding.selectors import Timeline

DEFAULT_SHOWN = 6  # the most coded themes, until someone chooses
MOST_SHOWN = 12  # small multiples beyond a dozen stop being read side by side


@dataclass(frozen=True)
class ThemeSeries:
    code: str
    name: str
    colour: str
    counts: Sequence[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TimelineChart:
    months: Sequence[str]
    themes: Sequence[ThemeSeries]  # the chosen themes, most coded first
    choices: Sequence[tuple[ThemeSeries, bool]]  # every theme on the timeline, and whether it is shown
    top: int  # the shared scale: the most codings of any shown theme in a month
    chosen: bool  # shown because someone chose them (else the most coded)
    missing: int  # chosen themes with no dated coding under these filters
    dropped: int  # chosen themes past MOST_SHOWN

    @property
    def most(self) -> int:
        return MOST_SHOWN

    def spec(self) -> dict[str, Any]:
        """What `coding/charts.js` draws: the months, the shared top, and a series per shown theme."""
        return {
            "months": list(self.months),
            "top": self.top,
            "themes": [{"name": t.name, "colour": t.colour, "counts": list(t.counts)} for t in self.themes],
        }


def timeline_chart(*, timeline: Timeline, chosen: Sequence[str] = ()) -> TimelineChart:
    """The themes to draw: those whose codes are `chosen` (in the timeline's order, at most MOST_SHOWN), or
    the DEFAULT_SHOWN most coded when none is chosen or none of the chosen has a dated coding here."""
    every = [ThemeSeries(row["code"], row["name"], row["colour"], row["counts"]) for row in timeline.themes]
    wanted = set(chosen)
    picked = [t for t in every if t.code in wanted]
    missing = len(wanted) - len(picked)
    dropped = max(0, len(picked) - MOST_SHOWN)
    shown = picked[:MOST_SHOWN] if picked else every[:DEFAULT_SHOWN]
    codes = {t.code for t in shown}
    top = max((n for t in shown for n in t.counts), default=0)
    return TimelineChart(
        months=timeline.months,
        themes=shown,
        choices=[(t, t.code in codes) for t in every],
        top=_round_up(top),
        chosen=bool(picked),
        missing=missing,
        dropped=dropped,
    )


def _round_up(value: int) -> int:
    """A round top for the shared scale, so its ticks read as whole numbers: even up to 10, else by fives."""
    if value <= 4:
        return max(1, value)
    return -(-value // 2) * 2 if value <= 10 else -(-value // 5) * 5
