"""Cases and attributes in the browser: set an attribute on the grid, open the matrix, read a cell."""

import datetime

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Source
from balint.coding.services.attributes import attribute_create
from balint.coding.services.cases import CasePart, source_create_with_cases
from balint.coding.tests.factories import code, make_source, make_theme
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_sets_an_attribute_opens_the_matrix_and_reads_a_cells_quotes(page, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    theme = make_theme(world.program, "Feelings about patients")
    note = make_source(world.program, group=world.group, title="Tuesday session")
    code(note, world.leader, theme, 0, 30)
    survey = source_create_with_cases(
        program=world.program,
        kind=Source.Kind.TRANSCRIPT,
        title="End of year, question 1",
        parts=[
            CasePart(origin=f"e2e:{i}", name=f"Respondent R{i}", text=f"Answer {i} about anger.")
            for i in range(4)
        ],
        date=datetime.date(2025, 6, 30),
        group=world.group,
    )
    for span in survey.case_spans.order_by("start")[:3]:
        code(survey, world.analyst, theme, span.start, span.end)
    attribute_create(program=world.program, name="Rotation", type="choice", choices=["ICU", "Clinic"])

    sign_in(page, world.analyst.user.username, PASSWORD)
    page.goto(reverse("coding:attributes", args=[world.program.slug]))
    page.get_by_label("Rotation · Respondent R0").select_option("Clinic")
    page.get_by_role("button", name="Save Respondent R0").click()
    page.wait_for_load_state()
    assert page.get_by_label("Rotation · Respondent R0").input_value() == "Clinic"

    page.get_by_role("link", name="Matrix", exact=True).click()
    page.get_by_label("Columns").select_option(label="Rotation")
    page.get_by_role("button", name="Filter").click()
    header = page.locator("table.attribute-matrix thead")
    header.get_by_text("Clinic").wait_for()
    row = page.get_by_role("row", name="Feelings about patients")
    assert "<3" in row.inner_text()  # one respondent in the Clinic column

    page.get_by_label("Columns").select_option(label="Source kind")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row", name="Feelings about patients")
    row.get_by_role("link", name="3").click()
    quotes = page.locator("#cell-quotes")
    quotes.get_by_text("Answer 2 about anger.").wait_for()
    assert quotes.locator("blockquote").count() == 3
    assert "Respondent R1" in quotes.inner_text()
    assert "Answer 3" not in quotes.inner_text()


def test_at_phone_width_each_number_of_the_matrix_stands_under_its_column_name(page, world):
    theme = make_theme(world.program, "Feelings about patients")
    for title in ("Tuesday session", "Thursday session"):
        code(make_source(world.program, group=world.group, title=title), world.leader, theme, 0, 30)

    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, world.analyst.user.username, PASSWORD)
    page.goto(reverse("coding:matrix", args=[world.program.slug]))
    table = page.locator("table.attribute-matrix")
    headers = table.locator("thead th[scope=col]")
    assert headers.first.is_visible(), "the column names are shown on a phone"
    cells = table.get_by_role("row", name="Feelings about patients").locator("td")
    assert cells.count() == headers.count() - 1 >= 2
    for i in range(cells.count()):
        column, cell = headers.nth(i + 1).bounding_box(), cells.nth(i).bounding_box()
        assert abs(column["x"] - cell["x"]) < 1 and abs(column["width"] - cell["width"]) < 1
        assert cell["y"] > column["y"]  # under its name, in the same column
