"""Cells counting fewer than k people are hidden as "<k", and cells that would give them away are withheld."""

import datetime

import pytest

from balint.reports.builder import report_build
from balint.reports.cells import Cell, count_cell, suppress_partition
from balint.reports.models import ReportSettings
from balint.reports.render import render_html
from balint.reports.tests.conftest import END, START


def _build(world, **kwargs):
    return report_build(
        program=world.program, date_from=START, date_to=END, issued=END, granularity="quarter", **kwargs
    )


def test_it_hides_counts_of_one_to_k_minus_one_people():
    assert count_cell(3, 3, 5).display == "<5" and count_cell(3, 3, 5).value is None
    assert count_cell(5, 5, 5).display == "5"
    assert count_cell(0, 0, 5).display == "0"  # nobody: nothing to hide
    assert count_cell(12, 4, 5).display == "<5"  # twelve marks, but from four people


def test_it_withholds_a_second_cell_when_a_total_would_reveal_the_first():
    cells = suppress_partition([count_cell(3, 3, 5), count_cell(0, 0, 5), count_cell(9, 9, 5)])
    assert [c.display for c in cells] == ["<5", "–", "9"]
    both = suppress_partition([count_cell(1, 1, 5), count_cell(2, 2, 5), count_cell(9, 9, 5)])
    assert [c.display for c in both] == ["<5", "<5", "9"]


def test_it_hides_lateness_of_a_single_resident(world, evaluation):
    q1 = _build(world).attendance[0]
    assert q1.late.raw is not None and q1.late.display == "<5"  # one resident arrived late, twice
    assert q1.attended.display == "<5"  # the three missed marks came from three residents


def test_it_shows_the_same_figure_once_enough_people_stand_behind_it(world, evaluation):
    # From April, no quarter's lateness is hidden, so nothing needs withholding beside it (over the whole
    # year Q1's hidden figure takes Q3's with it: test_it_withholds_a_period_that_would_give_away_another).
    report = report_build(
        program=world.program,
        date_from=datetime.date(2024, 4, 1),
        date_to=END,
        issued=END,
        granularity="quarter",
    )
    q3 = report.attendance[1]
    assert q3.period.label == "Q3 2024" and q3.late.display == "25%"  # six residents arrived late once


def test_it_withholds_likert_bins_and_surveys_below_the_threshold(world, evaluation):
    shown, hidden = _build(world).surveys
    first, second = shown.likert
    assert [c.display for c in first.bins] == ["<5", "<5", "6"]
    assert [c.display for c in second.bins] == ["<5", "–", "5"]
    assert not hidden.shown and hidden.answered.display == "<5"


def test_it_takes_k_from_the_program(world, evaluation):
    ReportSettings.objects.create(program=world.program, min_cell=7)
    report = _build(world)
    assert report.k == 7 and report.attendance[2].late.display == "<7"


def test_it_never_prints_a_suppressed_value(world, evaluation):
    report = _build(world)
    html = render_html(report)
    q1 = report.attendance[0]
    assert f"{round(q1.late.raw)}%" not in html.split('id="h-attendance"')[1].split("</table>")[0]
    assert "&lt;5" in html


@pytest.mark.parametrize("people,k,shown", [(4, 5, False), (5, 5, True), (2, 3, False), (3, 3, True)])
def test_it_uses_k_as_the_smallest_count_shown(people, k, shown):
    assert (Cell(raw=people, people=people, k=k).value is not None) is shown


def test_it_refuses_a_reversed_range(world):
    from balint.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        report_build(program=world.program, date_from=END, date_to=START, issued=END)
    with pytest.raises(ApplicationError):
        report_build(
            program=world.program, date_from=START, date_to=START + datetime.timedelta(days=4000), issued=END
        )
