"""Complementary suppression of the code x attribute matrix, proven against a reader who tries every table.

The reader sees what the page shows: numbers, "<k" (1 to k-1), "×" (hidden so that a small one cannot be
worked out: not zero, at least k in a residents' column, since a shown non-zero number there is, and, the
rule hiding the smallest first, at most any non-zero number shown in its line), every
theme's total, every column's total and the case count; and knows that a theme's cells add up to its total,
that the columns' totals add up to the case count, and that no cell exceeds its column's total. The reader
tries every table consistent with all of it: a "<k" is protected when it could still be any of 1 to k-1.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from balint.coding.matrix import Cell, MatrixColumn, Part, protect, suppress


@dataclass
class FakeTheme:
    pk: int


def _matrix(table: list[list[int]], totals: list[int], residents: list[bool], k: int):
    """Cells, columns and case count before suppression, as code_attribute_matrix builds them."""
    columns = [
        MatrixColumn(value=f"v{i}", total=Cell(count=t, total=t, k=k, residents=r))
        for i, (t, r) in enumerate(zip(totals, residents, strict=True))
    ]
    rows = []
    for number, line in enumerate(table):
        cells = [
            (f"v{i}", Cell(count=c, total=totals[i], k=k, residents=residents[i])) for i, c in enumerate(line)
        ]
        among = any(r and c for c, r in zip(line, residents, strict=True))
        rows.append(
            (FakeTheme(number), 0, cells, Cell(count=sum(line), total=sum(totals), k=k, residents=among))
        )
    grand = Cell(count=sum(totals), total=sum(totals), k=k, residents=any(residents))
    return columns, rows, grand


def _shown(cell: Cell) -> tuple[str, int | None]:
    """What the page tells of a number: ("n", value), ("small", None) or ("hidden", None)."""
    assert cell.display in {str(cell.count), "×", f"<{cell.k}"}
    if cell.display == "×":
        return "hidden", None
    if cell.display.startswith("<"):
        return "small", None
    return "n", cell.count


def _domain(shown, residents: bool, k: int, cap: int, total: bool = False) -> range:
    """A hidden cell or column total is non-zero, at least k among residents (a shown non-zero number there
    is); a hidden theme total or case count may be anything from 1 (it may be a small one, hidden)."""
    kind, value = shown
    if kind == "n":
        return range(value, value + 1)
    if kind == "small":
        return range(1, k)
    return range(1 if total or not residents else k, cap + 1)


marks: dict[tuple, str] = {}  # how the reader's last page showed each small number


def reader(columns, rows, grand, k: int, cap: int) -> dict[tuple, set[int]]:
    """Every value each "<k" can take in some table consistent with the page (brute force)."""
    residents = [c.total.residents for c in columns]
    top_domains = [_domain(_shown(c.total), c.total.residents, k, cap) for c in columns]
    grand_domain = _domain(_shown(grand), grand.residents, k, cap, total=True)
    found: dict[tuple, set[int]] = {}
    marks.clear()
    small = [(("total", i), c.total) for i, c in enumerate(columns)] + [(("grand",), grand)]
    for t, (_theme, _d, cells, total) in enumerate(rows):
        small += [((t, i), cell) for i, (_v, cell) in enumerate(cells)] + [((t, "total"), total)]
    for key, cell in small:
        if cell.suppressed:
            found[key] = set()
            marks[key] = cell.display
    for column_totals in itertools.product(*top_domains):
        n = sum(column_totals)
        if n not in grand_domain:
            continue
        rows_ok, seen = True, []
        for _theme, _d, cells, total in rows:
            # a "×" was the smallest non-zero number left in its line: at most any shown one
            ceiling = min((c.count for _v, c in cells if _shown(c)[0] == "n" and c.count), default=cap)
            domains = [
                [
                    x
                    for x in _domain(_shown(cell), residents[i], k, cap)
                    if x <= column_totals[i] and (_shown(cell)[0] != "hidden" or x <= ceiling)
                ]
                for i, (_v, cell) in enumerate(cells)
            ]
            totals_ok = _domain(_shown(total), total.residents, k, cap, total=True)
            completions = [
                line for line in itertools.product(*domains) if sum(line) in totals_ok and sum(line) <= n
            ]
            if not completions:
                rows_ok = False
                break
            seen.append(completions)
        if not rows_ok:
            continue
        for i, value in enumerate(column_totals):
            if ("total", i) in found:
                found[("total", i)].add(value)
        if ("grand",) in found:
            found[("grand",)].add(n)
        for t, completions in enumerate(seen):
            for line in completions:
                for i, value in enumerate(line):
                    if (t, i) in found:
                        found[(t, i)].add(value)
                if (t, "total") in found:
                    found[(t, "total")].add(sum(line))
    return found


def _check(table, totals, residents, k=5, cap=None):
    columns, rows, grand = _matrix(table, totals, residents, k)
    cap = cap or sum(totals) + k
    before = reader(columns, rows, grand, k, cap)
    after_columns, after_rows, after_grand = suppress(columns=columns, rows=rows, grand=grand, k=k)
    after = reader(after_columns, after_rows, after_grand, k, cap)
    return before, after, (after_columns, after_rows, after_grand)


def _protected(found: dict[tuple, set[int]], k: int) -> bool:
    """Each "<k" could be any of 1 to k-1; a small total shown as "×" could be more than one value."""
    return all(
        values == set(range(1, k)) if marks[key] == f"<{k}" else len(values) > 1
        for key, values in found.items()
    )


def test_a_small_column_total_and_a_small_cell_cannot_be_worked_out_from_the_totals():
    # PGY-2: 10 residents, PGY-3: 3. "Feelings": 8 and 2 (total 10); "Logistics": 5 and 0 (total 5).
    before, after, (columns, rows, grand) = _check([[8, 2], [5, 0]], totals=[10, 3], residents=[True, True])
    assert before[("total", 1)] == {3} and before[(0, 1)] == {
        2
    }  # without complementary suppression: read off
    assert set(after) == {("total", 1), (0, 1)} and _protected(after, 5)
    shown = [c.total.display for c in columns] + [grand.display]
    assert shown.count("×") >= 1 and "<5" in shown
    assert [cell.display for _v, cell in rows[0][2]] == ["×", "<5"] or rows[0][3].display == "×"
    assert all(not cell.share for _v, cell in rows[0][2]) and rows[1][2][0][1].display == "5"


def test_several_small_cells_in_a_line_protect_each_other_only_when_the_total_leaves_them_their_range():
    # three groups of residents; "Feelings" has 2 and 1 in two of them, 9 in the third (total 12)
    before, after, (_columns, rows, _grand) = _check(
        [[2, 1, 9]], totals=[6, 7, 12], residents=[True, True, True]
    )
    assert before[(0, 0)] == {1, 2} and before[(0, 1)] == {1, 2}  # together they are 3: each at most 2
    assert _protected(after, 5)
    assert [cell.display for _v, cell in rows[0][2]] == ["<5", "<5", "×"]  # the 9 hidden, the total kept
    assert rows[0][3].display == "12"
    _before, after, (_columns, rows, _grand) = _check([[2, 3, 9]], totals=[6, 7, 12], residents=[True] * 3)
    assert _protected(after, 5) and rows[0][2][2][1].display == "9"  # 2 + 3 = 5 leaves each 1 to 4


def test_session_notes_beside_respondents_a_small_theme_total_is_protected_too():
    # kind: session notes as sources (not people) and survey respondents (residents)
    before, after, (_columns, rows, _grand) = _check([[1, 2], [4, 0]], totals=[4, 6], residents=[False, True])
    assert before[(0, 1)] != set(range(1, 5))  # total "<5" and the notes' 1 tell something
    assert _protected(after, 5)
    assert rows[1][2][0][1].display == "4" and rows[1][2][0][1].share == "100 %"  # notes alone: as they are


def test_a_line_with_nothing_left_to_hide_hides_its_total():
    before, after, (_columns, rows, _grand) = _check([[6, 1, 0]], totals=[6, 8, 5], residents=[True] * 3)
    assert before[(0, 1)] == {1}
    assert _protected(after, 5)
    assert [cell.display for _v, cell in rows[0][2]] == ["×", "<5", "0"] and rows[0][3].display == "×"


def test_every_small_number_keeps_its_whole_range_over_many_tables():
    # every 2-column table of residents with totals up to 9 and one theme, k = 4
    for totals in itertools.product(range(1, 10), repeat=2):
        for line in itertools.product(*(range(t + 1) for t in totals)):
            _before, after, _shown_matrix = _check(
                [list(line)], totals=list(totals), residents=[True, True], k=4
            )
            assert _protected(after, 4), (totals, line, after)


def test_protect_hides_the_smallest_other_number_first():
    parts = [Part(value=v, small=v < 5, residents=True, high=20) for v in (3, 12, 7, 30)]
    extra, total_hidden = protect(parts, total=Part(value=52, small=False, residents=True), k=5)
    assert extra == {2} and not total_hidden


def test_no_small_number_is_told_in_random_tables_of_several_themes():
    rng = random.Random(22)
    for _ in range(500):
        k = rng.choice([3, 4, 5])
        totals = [rng.randint(1, 7) for _ in range(rng.choice([2, 3]))]
        residents = [rng.random() < 0.8 for _ in totals]
        table = [[rng.randint(0, t) for t in totals] for _ in range(rng.choice([1, 2, 3]))]
        _before, after, _shown_matrix = _check(table, totals=totals, residents=residents, k=k)
        assert _protected(after, k), (k, totals, residents, table, after)
