"""Small cells after a split: splits built to leak a cell by subtraction, and pooling of small years."""

from balint.reports.cells import (
    Cell,
    count_cell,
    mean_cell,
    pool_years,
    reportable,
    suppress_split,
    suppress_table,
)

K = 5


def _lines(table: list[list[Cell]]) -> list[list[Cell]]:
    return [*table, *[list(column) for column in zip(*table, strict=True)]]


def _recoverable(line: list[Cell]) -> bool:
    """With the line's total shown, a reader solves for a hidden cell when it is the only one hidden."""
    return sum(cell.suppressed for cell in line) == 1


def test_it_withholds_a_second_cohort_when_one_small_cohort_could_be_worked_out_from_the_pooled_mean():
    cohorts = {"PGY-1": [40, 55, 60, 62, 70, 48], "PGY-2": [90, 95], "PGY-3": [30, 35, 50, 41, 45, 38, 44]}
    everyone = [v for values in cohorts.values() for v in values]
    pooled = mean_cell(everyone, K)
    naive = [mean_cell(values, K) for values in cohorts.values()]
    assert _recoverable(naive)  # the leak this split is built for
    hidden_sum = len(everyone) * pooled.value - sum(c.value * c.people for c in naive if not c.suppressed)
    assert hidden_sum / 2 == 92.5  # ... PGY-2's mean, worked out from what the naive split shows
    cells = suppress_split(naive)
    assert not _recoverable(cells)
    assert [c.display for c in cells] == ["–", "<5", "40.4"]  # the smaller shown cohort goes with it


def test_it_leaves_a_split_alone_when_nothing_or_several_cells_are_hidden():
    assert all(not c.suppressed for c in suppress_split([count_cell(6, 6, K), count_cell(9, 9, K)]))
    both = suppress_split([count_cell(2, 2, K), count_cell(3, 3, K), count_cell(9, 9, K)])
    assert [c.display for c in both] == ["<5", "<5", "9"]


def test_it_spreads_complementary_suppression_through_a_cohort_by_year_table_until_nothing_leaks():
    counts = [[10, 2, 8], [7, 9, 6], [5, 6, 5]]
    table = suppress_table([[count_cell(n, n, K) for n in row] for row in counts])
    assert table[0][1].display == "<5"
    assert not any(_recoverable(line) for line in _lines(table))
    shown = sum(1 for row in table for cell in row if not cell.suppressed)
    assert shown >= 5  # it withholds what it must, not the whole table


def test_it_pools_small_years_until_four_respondents_and_seventy_percent_answered():
    pools = pool_years({2023: (3, 4), 2024: (2, 3), 2025: (6, 7)}, k=3)
    assert [(p.label, p.respondents, p.reportable) for p in pools] == [
        ("2023–2024", 5, True),
        ("2025", 6, True),
    ]


def test_it_never_reports_a_pool_below_seventy_percent_or_below_k():
    assert not reportable(5, 10, k=3)  # 50% answered
    assert not reportable(4, 4, k=5)  # k is stricter than four
    assert reportable(4, 5, k=3)
    (pool,) = pool_years({2025: (5, 10)}, k=3)
    assert not pool.reportable and pool.completion == 0.5
    pools = pool_years({2021: (1, 1), 2022: (1, 1), 2023: (1, 1), 2024: (1, 1)}, k=3)
    assert [p.years for p in pools] == [(2021,), (2022, 2023, 2024)]
    assert not any(p.reportable for p in pools)  # three years at most in one pool
