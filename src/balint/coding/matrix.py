"""The code x attribute matrix: for each theme and each value of an attribute, how many cases carry the theme.

A case is a row of coding/attributes.py (a respondent, a resident behind session notes in one training year,
or a source that is its own case); counted by sources, every source is a row and none is a person. A coding
counts for the rows whose stretch it overlaps (a whole source for a source row). Each row falls in exactly one
column, so a theme's total (the last column) is the sum of its cells, and the case count the sum of the
columns' totals.

Small cells (statistical disclosure control, as statistical agencies publish tables):
- primary suppression: a count of 1 to k-1 in a column holding residents shows as "<k", without share or
  quotes, k being the program's smallest cell; so does a column's total and a theme's total;
- complementary (secondary) suppression: a "<k" must not be recoverable from a total and the other numbers
  of its line (a theme's cells and its total; the columns' totals and the case count). In each line with a
  "<k", the smallest other non-zero numbers are hidden too ("×") until every "<k" could still be any of
  1 to k-1 given everything shown (each shown total, a column's total bounding its cells, a hidden number
  in a residents' column being at least k); when no number is left to hide, the line's total is hidden.
  Shares are shown only where their count and the column's total are. Quotes are refused for every hidden
  cell (their number would tell the count). `protect` is the rule, proven by a reader that enumerates every
  table consistent with what is shown (coding/tests/test_matrix_suppression.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import QuerySet

from balint.coding.attributes import BUILTIN_LABELS, Row, rows
from balint.coding.models import Attribute, Coding, Source, Theme
from balint.coding.selectors import active_themes
from balint.programs.models import Program

NO_VALUE = "(no value)"
HIDDEN_MARK = "×"
SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"  # how a line's total is shown


@dataclass(frozen=True)
class Cell:
    count: int
    total: int
    k: int
    residents: bool
    hidden: bool = False  # shown as "×" (complementary suppression; a total, small or not)
    total_hidden: bool = False  # the column's total is not shown: no share either

    @property
    def suppressed(self) -> bool:
        """Small: 1 to k-1 residents (primary suppression)."""
        return self.residents and 0 < self.count < self.k

    @property
    def withheld(self) -> bool:
        """Not shown at all: small, or hidden so that a small number cannot be worked out."""
        return self.suppressed or self.hidden

    @property
    def display(self) -> str:
        if self.hidden:
            return HIDDEN_MARK
        return f"<{self.k}" if self.suppressed else str(self.count)

    @property
    def share(self) -> str:
        if self.withheld or self.total_hidden or not self.total or (self.residents and self.total < self.k):
            return ""
        return f"{round(100 * self.count / self.total)} %"


@dataclass
class MatrixColumn:
    value: str
    total: Cell


@dataclass
class Matrix:
    attribute: str  # the column key
    label: str
    columns: list[MatrixColumn]
    rows: list[
        tuple[Theme, int, list[tuple[str, Cell]], Cell]
    ]  # theme, depth, (value, cell) per column, total
    k: int
    case_count: Cell
    unit: str = "cases"

    def cell(self, theme: Theme, value: str) -> Cell | None:
        for row_theme, _depth, cells, _total in self.rows:
            if row_theme.pk == theme.pk:
                return next((cell for v, cell in cells if v == value), None)
        return None

    @property
    def any_hidden(self) -> bool:
        cells = [c.total for c in self.columns] + [self.case_count]
        cells += [cell for _t, _d, row, total in self.rows for cell in [total, *(c for _v, c in row)]]
        return any(cell.hidden for cell in cells)


# ---- complementary suppression -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One number of an additive line, as far as suppression is concerned; `high` is what a reader can tell
    of it without the line (a shown column total bounds its cells, the case count a theme's total)."""

    value: int
    small: bool  # primary: shown as "<k"
    residents: bool
    high: float = math.inf


def _bounds(part: Part, k: int) -> tuple[float, float]:
    """What a reader knows of a hidden part: a "<k" is 1..k-1, a "×" is non-zero (at least k among
    residents, whose non-zero shown numbers are), never above what bounds it from elsewhere."""
    if part.small:
        return 1, min(k - 1, part.high)
    return (k if part.residents else 1), part.high


def _total_bounds(total: Part, mode: str, k: int) -> tuple[float, float]:
    """What a reader knows of a line's total: shown, "<k", or "×" (a hidden total may be small or not)."""
    if mode == SHOWN:
        return total.value, total.value
    if mode == SMALL:
        return 1, min(k - 1, total.high)
    return 1, total.high


def _safe(parts: list[Part], hidden: set[int], total: Part, mode: str, k: int) -> bool:
    """Every "<k" of the line, its total included, could still be any of 1..k-1 (within what bounds it
    from elsewhere) given what is shown: the line's one equation leaves each of them its whole range."""
    shown = sum(p.value for i, p in enumerate(parts) if i not in hidden)
    # A reader who knows this rule knows a hidden part was the smallest non-zero one left: at most any shown.
    ceiling = min((p.value for i, p in enumerate(parts) if i not in hidden and p.value > 0), default=math.inf)
    bounds = {}
    for i in hidden:
        low, high = _bounds(parts[i], k)
        bounds[i] = (low, high if parts[i].small else min(high, ceiling))
    total_low, total_high = _total_bounds(total, mode, k)
    for i in hidden:
        if not parts[i].small:
            continue
        others_low = sum(bounds[j][0] for j in hidden if j != i)
        others_high = sum(bounds[j][1] for j in hidden if j != i)
        low, high = bounds[i]
        if total_low - shown - others_high > low or total_high - shown - others_low < high:
            return False
    if mode == SMALL:
        reach_low = shown + sum(b[0] for b in bounds.values())
        reach_high = shown + sum(b[1] for b in bounds.values())
        if reach_low > total_low or reach_high < total_high:
            return False
    return True


def protect(parts: list[Part], *, total: Part, k: int) -> tuple[set[int], bool]:
    """Complementary suppression of one additive line (the parts sum to the total): which parts to hide
    besides the small ones, and whether to show the total as "×". A shown total is kept while there are
    parts to hide (the smallest non-zero one first); a small total is shown as "×" first, which tells
    nothing of its size, before any part is hidden for it."""
    small = {i for i, p in enumerate(parts) if p.small}
    if not small and not total.small:
        return set(), False
    hidden, mode = set(small), SMALL if total.small else SHOWN
    while not _safe(parts, hidden, total, mode, k):
        candidates = [i for i, p in enumerate(parts) if i not in hidden and p.value > 0]
        if mode == SMALL or (mode == SHOWN and not candidates):
            mode = HIDDEN
        elif candidates:
            hidden.add(min(candidates, key=lambda i: (parts[i].value, i)))
        else:  # every number of the line is hidden: nothing more to do
            break
    return hidden - small, mode == HIDDEN


# ---- the matrix --------------------------------------------------------------------------------------------


def bucket(row: Row, column: str, attribute: Attribute | None) -> str:
    """The matrix column a row falls in: its value, dates by month, or "(no value)"."""
    value = row.value(column)
    if value and (column == "date" or (attribute is not None and attribute.type == Attribute.Type.DATE)):
        value = value[:7]
    return value or NO_VALUE


def _overlaps(row: Row, source_id: int, start: int, end: int) -> bool:
    stretches = row.spans.get(source_id)
    if stretches is None:
        return False
    return not stretches or any(s < end and start < e for s, e in stretches)


def _rows_by_source(found: list[Row]) -> dict[int, list[Row]]:
    by_source: dict[int, list[Row]] = defaultdict(list)
    for row in found:
        for source_id in row.spans:
            by_source[source_id].append(row)
    return by_source


def column_label(program: Program, column: str) -> tuple[str, Attribute | None]:
    """The label of a column key, and its definition when it is a program-defined attribute."""
    if column.startswith("a:"):
        attribute = Attribute.objects.filter(program=program, name=column[2:]).first()
        return column[2:], attribute
    return BUILTIN_LABELS.get(column, column), None


def _part(cell: Cell, *, high: float = math.inf) -> Part:
    return Part(value=cell.count, small=cell.suppressed, residents=cell.residents, high=high)


def suppress(
    *, columns: list[MatrixColumn], rows: list[tuple], grand: Cell, k: int
) -> tuple[list[MatrixColumn], list[tuple], Cell]:
    """The matrix with complementary suppression applied.

    The columns' totals add up to the case count: when one of them is "<k", the case count is shown as "×"
    (rather than a column's total, which a reader wants more). Then no line ties the columns together, every
    shown total bounds its column's cells exactly, and each theme's line is protected on its own."""
    grand = replace(grand, hidden=grand.suppressed or any(c.total.suppressed for c in columns))
    highs = [c.total.k - 1 if c.total.suppressed else c.total.count for c in columns]
    bound = math.inf if grand.withheld else grand.count
    protected = []
    for theme, depth, cells, total in rows:
        parts = [_part(cell, high=highs[i]) for i, (_v, cell) in enumerate(cells)]
        extra, total_hidden = protect(parts, total=_part(total, high=bound), k=k)
        cells = [
            (v, replace(cell, hidden=i in extra, total_hidden=columns[i].total.withheld))
            for i, (v, cell) in enumerate(cells)
        ]
        protected.append(
            (theme, depth, cells, replace(total, hidden=total_hidden, total_hidden=grand.withheld))
        )
    return columns, protected, grand


def code_attribute_matrix(
    *,
    program: Program,
    sources: QuerySet[Source],
    codings: QuerySet[Coding],
    column: str,
    k: int,
    unit: str = "cases",
) -> Matrix:
    """Themes x values of `column` over the rows of these sources (a fixed number of queries)."""
    label, attribute = column_label(program, column)
    found = rows(program=program, sources=sources, unit=unit)
    values = {row.key: bucket(row, column, attribute) for row in found}
    residents: dict[str, bool] = defaultdict(bool)
    totals: dict[str, int] = defaultdict(int)
    for row in found:
        totals[values[row.key]] += 1
        residents[values[row.key]] |= row.is_resident
    order = sorted(totals, key=lambda v: (v == NO_VALUE, v.lower()))
    if attribute is not None and attribute.type == Attribute.Type.CHOICE:
        rank = {choice: i for i, choice in enumerate(attribute.choices)}
        order = sorted(totals, key=lambda v: (v == NO_VALUE, rank.get(v, len(rank)), v.lower()))
    by_source = _rows_by_source(found)
    seen: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # theme -> value -> rows
    for source_id, theme_id, start, end in codings.values_list("source_id", "theme_id", "start", "end"):
        for row in by_source.get(source_id, ()):
            if _overlaps(row, source_id, start, end):
                seen[theme_id][values[row.key]].add(row.key)
    any_residents = any(residents.values())
    grand = Cell(count=len(found), total=len(found), k=k, residents=any_residents)
    columns = [
        MatrixColumn(value=v, total=Cell(count=totals[v], total=totals[v], k=k, residents=residents[v]))
        for v in order
    ]
    matrix_rows = []
    for theme, depth in active_themes(program=program):
        cells = [
            (v, Cell(count=len(seen[theme.pk][v]), total=totals[v], k=k, residents=residents[v]))
            for v in order
        ]
        count = sum(cell.count for _v, cell in cells)
        among_residents = any(cell.residents and cell.count for _v, cell in cells)
        matrix_rows.append(
            (theme, depth, cells, Cell(count=count, total=len(found), k=k, residents=among_residents))
        )
    columns, matrix_rows, grand = suppress(columns=columns, rows=matrix_rows, grand=grand, k=k)
    return Matrix(
        attribute=column, label=label, columns=columns, rows=matrix_rows, k=k, case_count=grand, unit=unit
    )


@dataclass
class CellQuotes:
    cell: Cell
    quotes: list[tuple[str, Coding]]  # (row label, coding)


MAX_OWNERS_NAMED = 3


def _owners_label(owners: list[Row]) -> str:
    """The cases a passage belongs to; a session's many residents as the first few and how many more."""
    names = [r.label for r in owners]
    if len(names) <= MAX_OWNERS_NAMED:
        return ", ".join(names)
    return f"{', '.join(names[:MAX_OWNERS_NAMED])} +{len(names) - MAX_OWNERS_NAMED}"


def cell_quotes(
    *,
    program: Program,
    sources: QuerySet[Source],
    codings: QuerySet[Coding],
    column: str,
    value: str,
    theme: Theme,
    k: int,
    unit: str = "cases",
    limit: int = 100,
) -> CellQuotes:
    """The coded passages behind one cell, each with the case or source it is in; none when the cell is
    withheld in the matrix (small, or hidden so that a small one cannot be worked out)."""
    _label, attribute = column_label(program, column)
    found = [
        row
        for row in rows(program=program, sources=sources, unit=unit)
        if bucket(row, column, attribute) == value
    ]
    by_source = _rows_by_source(found)
    candidates = (
        codings.filter(theme=theme, source_id__in=list(by_source))
        .select_related("source")
        .order_by("-source__date", "source_id", "start")
    )
    quotes: list[tuple[str, Coding]] = []
    keys: set[str] = set()
    for coding in candidates:
        owners = [
            r for r in by_source[coding.source_id] if _overlaps(r, coding.source_id, coding.start, coding.end)
        ]
        if owners:
            keys.update(r.key for r in owners)
            quotes.append((_owners_label(owners), coding))
    cell = Cell(count=len(keys), total=len(found), k=k, residents=any(r.is_resident for r in found))
    if not cell.suppressed:  # hidden beside a small one, in any column: its quotes would tell its number
        shown = code_attribute_matrix(
            program=program, sources=sources, codings=codings, column=column, k=k, unit=unit
        ).cell(theme, value)
        if shown is not None and shown.hidden:
            cell = replace(cell, hidden=True)
    if cell.withheld:
        quotes = []
    return CellQuotes(cell=cell, quotes=quotes[:limit])


def matrix_table(matrix: Matrix, *, theme_label: str, total_label: str) -> tuple[list[str], list[list[str]]]:
    """The matrix as a table of what the page shows: a "Total" row of the columns' totals first, then each
    theme; every number as displayed, so a "<k" and a "×" stay what they are (no share: the page's rule)."""
    header = [theme_label, *(column.value for column in matrix.columns), total_label]
    rows = [[total_label, *(column.total.display for column in matrix.columns), matrix.case_count.display]]
    for theme, _depth, cells, total in matrix.rows:
        rows.append([theme.name, *(cell.display for _value, cell in cells), total.display])
    return header, rows
