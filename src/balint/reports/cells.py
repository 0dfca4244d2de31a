"""Small-cell suppression: a figure counting fewer than k people (but some) shows as "<k", never its value.

A `Cell` carries the figure and the number of distinct people behind it. Primary suppression hides
cells with 1..k-1 people. In a partition whose total is shown (e.g. a Likert question's answers by
bin), hiding one cell alone would let a reader work it out from the total, so `suppress_partition`
also withholds the smallest other cell ("secondary" suppression, shown as "–" because its own value
may be large).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from balint.surveys.models import DEFAULT_THRESHOLD, MIN_THRESHOLD

SECONDARY_MARK = "–"


def default_min_cell() -> int:
    """The default k: the `BALINT_REPORT_MIN_CELL` setting if present, else the surveys' default (5)."""
    return max(MIN_THRESHOLD, int(getattr(settings, "BALINT_REPORT_MIN_CELL", DEFAULT_THRESHOLD)))


@dataclass(frozen=True)
class Cell:
    """One figure of a report table; `value` is None whenever it may not be shown."""

    raw: float | int | None
    people: int
    k: int
    secondary: bool = False
    unit: str = ""  # "%" for percentages
    digits: int = 0

    @property
    def primary(self) -> bool:
        return 0 < self.people < self.k

    @property
    def suppressed(self) -> bool:
        return self.primary or self.secondary

    @property
    def value(self) -> float | int | None:
        return None if self.suppressed or self.raw is None else self.raw

    @property
    def display(self) -> str:
        if self.primary:
            return f"<{self.k}"
        if self.secondary:
            return SECONDARY_MARK
        if self.raw is None:
            return "–"
        if self.digits:
            return f"{self.raw:.{self.digits}f}{self.unit}"
        return f"{round(self.raw):d}{self.unit}"

    def __str__(self) -> str:
        return self.display

    def withheld(self) -> Cell:
        return Cell(
            raw=self.raw, people=self.people, k=self.k, secondary=True, unit=self.unit, digits=self.digits
        )


def count_cell(count: int, people: int, k: int) -> Cell:
    return Cell(raw=count, people=people, k=k)


def percent_cell(part: int, whole: int, people: int, k: int) -> Cell:
    """A percentage of `whole`, hidden when the people behind `part` are fewer than k."""
    raw = None if whole == 0 else 100.0 * part / whole
    return Cell(raw=raw, people=people, k=k, unit="%")


def suppress_partition(cells: list[Cell]) -> list[Cell]:
    """Cells that add up to a shown total: if exactly one is hidden, also withhold the smallest other one."""
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    if len(hidden) != 1 or len(cells) < 2:
        return cells
    others = [i for i in range(len(cells)) if i not in hidden]
    smallest = min(others, key=lambda i: (cells[i].raw or 0, i))
    return [cell.withheld() if i == smallest else cell for i, cell in enumerate(cells)]
