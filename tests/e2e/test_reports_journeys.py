"""Report journeys: a leader reads the dashboard's charts, then builds the evaluation PDF."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.reports.tests.conftest import evaluation  # noqa: F401  (the evaluation-year fixture)
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser
RANGE = "?date_from=2024-01-01&date_to=2024-12-31&granularity=quarter"


def test_it_draws_the_dashboard_charts_under_the_csp_and_builds_a_pdf(page, world, evaluation):  # noqa: F811
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("reports:program", args=[world.program.slug]) + RANGE)
    page.get_by_role("heading", name="Program dashboard").wait_for()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 4")
    drawn = page.evaluate("() => Object.values(Chart.instances).map((c) => c.canvas.dataset.chart).sort()")
    assert {"attendance", "focus", "likert", "perspective", "timeline"} <= set(drawn)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors

    page.get_by_role("link", name="Printable report").click()
    page.get_by_role("heading", name="Attendance and lateness").wait_for()
    assert page.locator("svg.chart").count() >= 5

    page.goto(reverse("reports:new", args=[world.program.slug]) + RANGE)
    page.get_by_label("From").fill("2024-01-01")
    page.get_by_label("To").fill("2024-12-31")
    page.get_by_role("button", name="Build the report").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "lakeside-evaluation-2024-01-01-to-2024-12-31.pdf"
