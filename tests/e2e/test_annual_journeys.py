"""Annual program evaluation journey: a demo leader edits the words, previews the packet and builds it."""

import pytest
from django.urls import reverse

from balint.site.demo import DEMO_PASSWORD, demo_load
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_builds_the_annual_packet_from_the_demo(page):
    demo_load()
    sign_in(page, "leader", DEMO_PASSWORD)
    page.goto(reverse("reports:annual", args=["demo"]))
    page.get_by_role("link", name="2025–26").click()
    page.get_by_role("heading", name="Annual program evaluation 2025–26").wait_for()
    page.get_by_label("Threats").fill("A new clinic schedule may take the protected hour away.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The 2025–26 evaluation is saved.").wait_for()

    page.get_by_role("link", name="Preview the packet").click()
    page.get_by_role("heading", name="1. Program evaluation committee").wait_for()
    body = page.content()
    assert "A new clinic schedule may take the protected hour away." in body
    assert "Copenhagen Burnout Inventory" in body and "Hedges" in body

    page.go_back()
    page.get_by_role("button", name="Build DOCX").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "demo-annual-evaluation-2025.docx"
