"""One template for screen, file and PDF; the same data gives the same bytes; the PDF holds the figures."""

import datetime
import io
import time

from pypdf import PdfReader

from balint.reports.builder import report_build
from balint.reports.render import render_html, render_pdf
from balint.reports.tests.conftest import END, RITA_QUOTE, START


def _build(world, **kwargs):
    return report_build(
        program=world.program,
        date_from=START,
        date_to=END,
        issued=datetime.date(2025, 1, 15),
        granularity="quarter",
        **kwargs,
    )


def test_it_renders_byte_identical_html_for_the_same_data(world, evaluation):
    first = render_html(_build(world))
    second = render_html(_build(world))
    assert first == second
    assert "<script" not in first and "2025" in first


def test_it_puts_headings_and_figures_in_the_same_pdf_every_time(world, evaluation):
    report = _build(world)
    pdf = render_pdf(report)
    time.sleep(1.1)  # a second later: nothing in the file may depend on the clock
    assert pdf == render_pdf(_build(world))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for heading in (
        "PROGRAM EVALUATION REPORT",
        "Attendance and lateness",
        "Focus of the sessions",
        "Before and after a change of format",
        "What residents said in surveys",
        "Themes",
        "Methods",
        "Perspective",
        "Cohen's kappa",
    ):
        assert heading in text, heading
    assert "Lakeside FM Residency" in text and "15 Jan 2025" in text
    assert "25%" in text  # Q3 lateness: six of twenty-four marks
    assert "<5" in text  # Q1 lateness, suppressed
    assert "Feelings toward the patient" in text and "Narcotic contracts" in text
    assert f"{report.methods.sessions_held} sessions held" in text


def test_it_masks_resident_names_and_names_nobody_without_a_roster(world, evaluation):
    html = render_html(_build(world))
    assert "Rita" not in html and "[NAME] felt cornered" in html
    for person in evaluation.residents:
        assert person.full_name not in html
    assert "Attendance roster" not in html


def test_it_adds_the_roster_only_when_asked(world, evaluation):
    html = render_html(_build(world, roster=True))
    assert "Attendance roster" in html and "Rita Resident" in html and "Remy Resident" in html


def test_it_quotes_only_deidentified_sources(world, evaluation):
    from balint.coding.models import Source

    rita = [s.pk for s in Source.objects.all() if s.text.startswith(RITA_QUOTE[:10])]  # encrypted: no SQL
    assert rita
    Source.objects.filter(pk__in=rita).update(deidentified=False)
    html = render_html(_build(world))
    assert "felt cornered" not in html and "lonely" in html


def test_it_says_no_data_for_empty_sections(world):
    html = render_html(
        report_build(
            program=world.program,
            date_from=datetime.date(2020, 1, 1),
            date_to=datetime.date(2020, 6, 30),
            issued=datetime.date(2020, 7, 1),
        )
    )
    assert html.count("No data:") >= 4
