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


# ---- splits: by cohort, group, year or attribute -------------------------------------------------------


def mean_cell(values: list[float], k: int, digits: int = 1) -> Cell:
    """The mean of the people's values, hidden when 1..k-1 people stand behind it."""
    raw = sum(values) / len(values) if values else None
    return Cell(raw=raw, people=len(values), k=k, digits=digits)


def suppress_split(cells: list[Cell]) -> list[Cell]:
    """The cells of one split whose whole is shown elsewhere (a total, a pooled mean, a count of people).

    With the whole and every other part shown, one hidden part can be worked out (a count by subtraction,
    a mean from the pooled mean and the parts' sizes), so a lone hidden cell takes a second one with it:
    the part with the fewest people among those still shown.
    """
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    if len(hidden) != 1 or len(cells) < 2:
        return cells
    shown = [i for i in range(len(cells)) if not cells[i].suppressed and cells[i].people > 0]
    if not shown:
        return cells
    smallest = min(shown, key=lambda i: (cells[i].people, i))
    return [cell.withheld() if i == smallest else cell for i, cell in enumerate(cells)]


def suppress_table(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A two-way split (e.g. cohort by year) whose row and column totals are shown.

    Complementary suppression: no row and no column may hold exactly one hidden cell, repeated until
    nothing changes (withholding a cell in a row can leave a lone hidden cell in its column).
    """
    table = [list(row) for row in rows]
    if not table:
        return table
    width = len(table[0])
    for _ in range(len(table) * width + 1):
        changed = False
        for r, row in enumerate(table):
            fixed = suppress_split(row)
            if fixed != row:
                table[r], changed = fixed, True
        for c in range(width):
            column = [table[r][c] for r in range(len(table))]
            fixed = suppress_split(column)
            if fixed != column:
                for r in range(len(table)):
                    table[r][c] = fixed[r]
                changed = True
        if not changed:
            break
    return table


# ---- pooling years for small programs ----------------------------------------------------------------

POOL_MIN_RESPONDENTS = 4  # as the ACGME resident survey: at least 4 respondents ...
POOL_MIN_COMPLETION = 0.70  # ... and at least 70% of those asked
POOL_MAX_YEARS = 3


@dataclass(frozen=True)
class Pool:
    years: tuple[int, ...]
    respondents: int
    invited: int | None
    reportable: bool

    @property
    def label(self) -> str:
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"

    @property
    def completion(self) -> float | None:
        return self.respondents / self.invited if self.invited else None


def reportable(respondents: int, invited: int | None, k: int) -> bool:
    """Enough people to show a figure: at least max(4, k) respondents and, when known, 70% completion."""
    if respondents < max(POOL_MIN_RESPONDENTS, k):
        return False
    return invited is None or invited == 0 or respondents / invited >= POOL_MIN_COMPLETION


def pool_years(
    yearly: dict[int, tuple[int, int | None]], k: int, max_years: int = POOL_MAX_YEARS
) -> list[Pool]:
    """Years that can be reported alone stay alone; the others are pooled with the years before them.

    `yearly` maps a year to (respondents, invited). Walking from the newest year back, a year that is
    too small takes in the previous years (at most `max_years` together) until the pool is reportable;
    a pool that never becomes reportable is returned with `reportable=False`, and is not to be shown.
    """
    years = sorted(yearly, reverse=True)
    pools: list[Pool] = []
    i = 0
    while i < len(years):
        taken: list[int] = []
        respondents, invited, known = 0, 0, True
        while i < len(years) and len(taken) < max_years:
            year = years[i]
            taken.append(year)
            respondents += yearly[year][0]
            if yearly[year][1] is None:
                known = False
            else:
                invited += yearly[year][1]
            i += 1
            if reportable(respondents, invited if known else None, k):
                break
        total = invited if known else None
        pools.append(
            Pool(
                years=tuple(sorted(taken)),
                respondents=respondents,
                invited=total,
                reportable=reportable(respondents, total, k),
            )
        )
    return sorted(pools, key=lambda p: p.years)
