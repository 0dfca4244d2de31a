"""Analysis assistance in the browser: a sure code suggestion is accepted as the person's own coding with its
provenance kept; a passage no theme fits well enough shows "no suggestion" and nothing to accept."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Coding
from balint.insights.engine.suggest import CODE_THRESHOLD
from balint.insights.models import Suggestion
from balint.insights.tests.factories import build_labelled_program
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

UNSURE = "It was a long week for everyone in the program and on the wards."


def test_an_analyst_accepts_a_sure_suggestion_and_gets_none_for_an_unsure_passage(page, world):
    labelled = build_labelled_program(world.program, world.leader)
    source = labelled.extra
    source.text += f"\n\n{UNSURE}"
    source.save(update_fields=["text"])
    codings = Coding.objects.count()
    sign_in(page, world.analyst.user.username, PASSWORD)

    page.goto(reverse("insights:source", args=[source.code]))
    page.get_by_role("button", name="Suggest for the uncoded sentences").click()

    sure = page.locator("article.passage", has_text="My afternoon clinic ran late again")
    sure.get_by_text("Calibrated probability").first.wait_for(state="attached")
    code = sure.locator(".suggestion-code").first
    assert "probability" in code.locator(".suggestion-head").inner_text()
    code.get_by_role("button", name="Accept “Structure and logistics theme”").click()
    sure.get_by_text("Accepted by Ana Analyst").wait_for()

    unsure = page.locator("article.passage", has_text=UNSURE)
    unsure_code = unsure.locator(".suggestion-code")
    assert unsure_code.count() == 1
    assert "Code: no suggestion" in " ".join(unsure_code.inner_text().split())
    assert unsure_code.get_by_role("button").count() == 0, "nothing to accept or reject"
    assert unsure_code.locator("details").count() == 0, "no evidence offered for a guess"

    assert Coding.objects.count() == codings + 1
    coding = Coding.objects.get(source=source)
    assert coding.coder == world.analyst and coding.theme.name == "Structure and logistics theme"
    accepted = Suggestion.objects.get(created_coding=coding)
    assert accepted.decided_by == world.analyst and accepted.status == "accepted"
    assert accepted.engine == "tfidf-neighbours" and "calibrated" in accepted.model_name
    assert accepted.threshold == CODE_THRESHOLD <= accepted.score
    (abstained,) = [s for s in Suggestion.objects.filter(source=source, kind="code") if s.passage == UNSURE]
    assert abstained.abstained and abstained.status == "pending" and abstained.score < CODE_THRESHOLD


def test_category_and_perspective_suggestions_show_only_above_their_threshold(page, world):
    labelled = build_labelled_program(world.program, world.leader)
    source = labelled.extra
    source.text += f"\n\n{UNSURE}"
    source.save(update_fields=["text"])
    sign_in(page, world.analyst.user.username, PASSWORD)

    page.goto(reverse("insights:source", args=[source.code]))
    page.get_by_role("button", name="Suggest for the uncoded sentences").click()
    page.locator("article.passage", has_text=UNSURE).locator(".suggestion-category").wait_for()

    made = Suggestion.objects.filter(source=source, kind__in=["category", "perspective"])
    assert made.filter(abstained=True).exists(), "some passage is too unsure for a category or perspective"
    for suggestion in made:
        block = page.locator(f"#suggestion-{suggestion.code}")
        words = " ".join(block.inner_text().split())
        assert suggestion.threshold is not None and suggestion.abstained == (
            suggestion.score < suggestion.threshold
        )
        if suggestion.abstained:
            assert "no suggestion" in words and block.get_by_role("button").count() == 0
        else:
            assert "no suggestion" not in words
            assert block.get_by_role("button", name="Accept").count() == 1


def test_a_program_with_too_few_codings_is_told_it_gets_no_category_yet_and_why(page, world):
    from balint.insights.engine.classify import SWITCH_ON
    from balint.insights.services.availability import semantic_enabled

    labelled = build_labelled_program(world.program, world.leader)
    needed = SWITCH_ON["semantic" if semantic_enabled() else "tfidf"]["category"]
    codings = Coding.objects.filter(source__program=world.program).order_by("pk")
    Coding.objects.filter(pk__in=list(codings.values_list("pk", flat=True)[needed - 10 :])).delete()
    assert 0 < codings.count() < needed
    sign_in(page, world.analyst.user.username, PASSWORD)

    page.goto(reverse("insights:source", args=[labelled.extra.code]))
    page.get_by_role("button", name="Suggest for the uncoded sentences").click()
    block = page.locator("article.passage", has_text="My afternoon clinic ran late again").locator(
        ".suggestion-category"
    )
    block.wait_for()

    words = " ".join(block.inner_text().split())
    assert "Category: no suggestion" in words
    assert f"suggested once the program has coded {needed} passages ({codings.count()} so far)" in words
    assert block.get_by_role("button").count() == 0, "nothing to accept"
    made = Suggestion.objects.filter(source=labelled.extra, kind="category")
    assert made.exists() and all(s.abstained for s in made)
