"""Charts people can read (issue #22): at 390 px the dashboard, the agreement page and the theme views scroll
only up and down, and their charts are drawn and visible."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.tests.factories import code, make_source, make_theme
from balint.reports.tests.conftest import evaluation  # noqa: F401  (the evaluation-year fixture)
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser
RANGE = "?date_from=2024-01-01&date_to=2024-12-31&granularity=quarter"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
DRAWN = """() => Object.values(Chart.instances).map((c) => {
    const box = c.canvas.getBoundingClientRect();
    return [c.canvas.dataset.chart || c.canvas.dataset.theme || "categories", box.width, box.height,
            box.left >= 0 && box.right <= document.documentElement.clientWidth];
})"""


def _narrow(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(30_000)  # the first page of a run waits for the server's first imports


def test_it_keeps_the_dashboard_and_its_charts_inside_390_px(page, world, evaluation):  # noqa: F811
    _narrow(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("reports:program", args=[world.program.slug]) + RANGE)
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 5")
    assert page.evaluate(SIDEWAYS) == 0
    drawn = {key: (width, height, inside) for key, width, height, inside in page.evaluate(DRAWN)}
    assert {"attendance", "focus", "likert", "perspective", "timeline"} <= set(drawn)
    for key, (width, height, inside) in drawn.items():
        assert width > 250 and height > 100 and inside, key
    # the Likert statements: one diverging chart, its figures as a table under it, before/after headers kept
    page.get_by_text("Table: Likert statements").click()
    assert page.locator("details.chart-table", has_text="Likert statements").locator("table").is_visible()
    assert page.get_by_role("columnheader", name="Before").first.is_visible()
    assert page.evaluate(SIDEWAYS) == 0


def test_it_keeps_the_agreement_figures_readable_inside_390_px(page, world):
    themes = [make_theme(world.program, name) for name in ("Trust", "Feelings of the resident in the room")]
    for number in range(3):
        source = make_source(world.program, group=world.group, title=f"Session {number}")
        code(source, world.leader, themes[0], 0, 40)
        code(source, world.co_leader, themes[number % 2], 0, 40)
    _narrow(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:agreement", args=[world.program.slug]))
    page.get_by_role("heading", name="Per theme").wait_for()
    assert page.evaluate(SIDEWAYS) == 0
    # the overall figures name their measure beside each value; the per-theme table keeps its headers
    overall = page.locator("table.labelled td[data-label]").first
    label = overall.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert "Percent agreement" in label
    assert page.get_by_role("columnheader", name="Kappa").is_visible()


def test_it_draws_the_theme_timeline_as_small_multiples_inside_390_px(page, world):
    import datetime

    themes = [make_theme(world.program, f"Theme {i}") for i in range(8)]
    for i, theme in enumerate(themes):
        source = make_source(world.program, group=world.group, date=datetime.date(2025, 1 + i % 6, 4))
        for start in range(8 - i):
            code(source, world.leader, theme, start, start + 20)
    _narrow(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:views", args=[world.program.slug]))
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 7")
    drawn = page.evaluate(DRAWN)
    assert sorted(key for key, *_ in drawn) == ["0", "1", "2", "3", "4", "5", "categories"]
    assert all(inside and width > 250 for _, width, _, inside in drawn)
    assert page.evaluate(SIDEWAYS) == 0
    # choosing two themes draws two small charts
    page.get_by_text("Choose the themes to show").click()
    for box in page.locator("input[name=show]").all():
        box.uncheck()
    page.get_by_label("Theme 6").check()
    page.get_by_label("Theme 7").check()
    page.get_by_role("button", name="Show these themes").click()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 3")
    assert page.locator("canvas[data-theme]").count() == 2
    assert page.locator(".multiple figcaption").all_inner_texts()[0].startswith("Theme 6")


LIKERT_LABELS = """() => {
    const chart = Object.values(Chart.instances).find((c) => c.canvas.dataset.chart === "likert");
    const y = chart.scales.y;
    chart.ctx.font = Chart.helpers.toFont(y.options.ticks.font).string;
    const lines = chart.data.labels.flat();
    return [y.left, y.width, Math.max(...lines.map((line) => chart.ctx.measureText(line).width)), lines];
}"""


def test_it_shows_every_likert_statement_whole_at_320_px(page, world, evaluation):  # noqa: F811
    from balint.surveys.models import Question

    statement = "The professional-development sessions were useful to me and to my colleagues in the clinic."
    assert Question.objects.filter(text="Statement 1 helps me").update(text=statement)
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_default_timeout(30_000)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("reports:program", args=[world.program.slug]) + RANGE)
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 5")
    assert page.evaluate(SIDEWAYS) == 0
    left, room, widest, lines = page.evaluate(LIKERT_LABELS)
    # Every word is drawn (no line cut with …), a long word breaks after its hyphen, and the widest line
    # fits the axis's room inside the canvas instead of running off its left edge.
    assert not any("…" in line for line in lines)
    assert statement in " ".join(lines).replace("- ", "-")
    assert any(line.endswith("professional-") for line in lines)
    assert left >= 0 and widest <= room + 1, (left, room, widest)


def test_it_keeps_the_co_occurrence_headers_readable_at_390_px(page, world):
    themes = [make_theme(world.program, f"Feelings about the patient's family {i}") for i in range(9)]
    source = make_source(world.program, group=world.group)
    for i, theme in enumerate(themes):
        code(source, world.leader, theme, i, i + 30)  # every pair overlaps
    _narrow(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:views", args=[world.program.slug]))
    region = page.get_by_role("region", name="Co-occurrence of themes")
    table = region.locator("table.cooccurrence")
    # each column is numbered like its row, and names its theme to a screen reader
    columns = table.locator("thead th[scope=col]")
    rows = table.locator("tbody th[scope=row]")
    assert columns.count() == rows.count() + 1 == 10
    for i in range(rows.count()):
        assert columns.nth(i + 1).get_attribute("title") == themes[i].name
        assert columns.nth(i + 1).locator(".sr-only").inner_text() == themes[i].name
        assert rows.nth(i).locator(".number").inner_text() == str(i + 1)
        assert themes[i].name in rows.nth(i).inner_text()
    # the page does not scroll sideways; the table scrolls inside its region with the theme names in view
    assert page.evaluate(SIDEWAYS) == 0
    first = rows.first.bounding_box()
    region.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    assert region.evaluate("(box) => box.scrollLeft") > 0, "the table is wider than a phone"
    assert abs(rows.first.bounding_box()["x"] - first["x"]) < 1, "the theme names stay in view"
    last_cell = table.locator("tbody tr").first.locator("td").last.bounding_box()
    box = region.bounding_box()
    assert box["x"] <= last_cell["x"] and last_cell["x"] + last_cell["width"] <= box["x"] + box["width"] + 1
