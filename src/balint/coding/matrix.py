"""The code x attribute matrix: for each theme and each value of an attribute, how many cases carry the theme.

A case is a row of coding/attributes.py (a respondent, or a source that is its own case). A coding counts for
the rows whose stretch it overlaps (a whole source for a source row). A column holding residents (survey
respondents) shows a count of 1 to k-1 as "<k", with no share and no quotes, k being the program's smallest
cell; so does its total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from balint.coding.attributes import BUILTIN_LABELS, Row, rows
from balint.coding.models import Attribute, Coding, Source, Theme
from balint.coding.selectors import active_themes
from balint.programs.models import Program

NO_VALUE = "(no value)"


@dataclass(frozen=True)
class Cell:
    count: int
    total: int
    k: int
    residents: bool

    @property
    def suppressed(self) -> bool:
        return self.residents and 0 < self.count < self.k

    @property
    def display(self) -> str:
        return f"<{self.k}" if self.suppressed else str(self.count)

    @property
    def share(self) -> str:
        if self.suppressed or not self.total or (self.residents and self.total < self.k):
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
    rows: list[tuple[Theme, int, list[tuple[str, Cell]]]]  # theme, depth, (column value, cell) per column
    k: int
    case_count: int


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


def code_attribute_matrix(
    *, program: Program, sources: QuerySet[Source], codings: QuerySet[Coding], column: str, k: int
) -> Matrix:
    """Themes x values of `column` over the rows of these sources (a fixed number of queries)."""
    label, attribute = column_label(program, column)
    found = rows(program=program, sources=sources)
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
    columns = [
        MatrixColumn(value=v, total=Cell(count=totals[v], total=totals[v], k=k, residents=residents[v]))
        for v in order
    ]
    matrix_rows = [
        (
            theme,
            depth,
            [
                (v, Cell(count=len(seen[theme.pk][v]), total=totals[v], k=k, residents=residents[v]))
                for v in order
            ],
        )
        for theme, depth in active_themes(program=program)
    ]
    return Matrix(
        attribute=column, label=label, columns=columns, rows=matrix_rows, k=k, case_count=len(found)
    )


@dataclass
class CellQuotes:
    cell: Cell
    quotes: list[tuple[str, Coding]]  # (row label, coding)


def cell_quotes(
    *,
    program: Program,
    sources: QuerySet[Source],
    codings: QuerySet[Coding],
    column: str,
    value: str,
    theme: Theme,
    k: int,
    limit: int = 100,
) -> CellQuotes:
    """The coded passages behind one cell, each with the case or source it is in; none when suppressed."""
    _label, attribute = column_label(program, column)
    found = [row for row in rows(program=program, sources=sources) if bucket(row, column, attribute) == value]
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
            quotes.append((", ".join(r.label for r in owners), coding))
    cell = Cell(count=len(keys), total=len(found), k=k, residents=any(r.is_resident for r in found))
    if cell.suppressed:
        quotes = []
    return CellQuotes(cell=cell, quotes=quotes[:limit])
