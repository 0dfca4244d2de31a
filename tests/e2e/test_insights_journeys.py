"""Analysis assistance in the browser: run candidate themes, promote one, accept a suggested code."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Coding, Theme
from balint.insights.tests.factories import build_labelled_program
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_an_analyst_promotes_a_candidate_theme_and_accepts_a_suggested_code(page, world):
    labelled = build_labelled_program(world.program, world.leader)
    codings = Coding.objects.count()
    sign_in(page, world.analyst.user.username, PASSWORD)

    page.goto(reverse("coding:workspace", args=[world.program.slug]))
    page.get_by_role("link", name="Assistance").click()
    page.get_by_role("heading", name="Analysis assistance").wait_for()
    page.get_by_label("TF-IDF terms (fast, nothing to download)").check()
    page.get_by_role("button", name="Find candidate themes").click()
    first = page.locator("article.candidate").first
    first.wait_for()
    assert first.locator("blockquote.quote").count() >= 3
    first.get_by_label("Theme name").fill("Clinics running late")
    first.get_by_role("button", name="Promote to theme").click()
    page.get_by_text("Promoted to Clinics running late by Ana Analyst").wait_for()
    assert Theme.objects.filter(program=world.program, name="Clinics running late", active=True).count() == 1

    page.goto(reverse("coding:source", args=[labelled.extra.code]))
    page.get_by_role("link", name="Suggestions for this source").click()
    page.get_by_role("button", name="Suggest for the uncoded sentences").click()
    passage = page.locator("article.passage", has_text="My afternoon clinic ran late again")
    passage.get_by_text("Most similar coded passages").first.wait_for()
    passage.get_by_role("button", name="Accept “Structure and logistics theme”").click()
    passage.get_by_text("Accepted by Ana Analyst").wait_for()

    assert Coding.objects.count() == codings + 1
    coding = Coding.objects.get(source=labelled.extra)
    assert coding.coder == world.analyst and coding.theme.name == "Structure and logistics theme"
    assert labelled.extra.text[coding.start : coding.end].startswith("My afternoon clinic ran late again")
