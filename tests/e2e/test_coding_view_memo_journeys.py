"""The coding view's margin and suggestions, and memos linked to a passage, found filtered, exported."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Coding, Memo
from balint.coding.tests.factories import code, world_analysis
from balint.insights import services as insights
from balint.insights.models import Suggestion
from balint.insights.tests.factories import build_labelled_program
from balint.programs.access import roles_for
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_shows_theme_labels_in_the_margin_beside_each_coded_passage(page, world):
    a = world_analysis(world)
    code(a.source, world.leader, a.other_theme, 30, 62)  # overlaps the leader's first coding
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[a.source.code]))
    margin = page.get_by_role("region", name="Codes and suggestions in the margin")
    first = margin.get_by_role("button", name=f"{a.theme.name}, coded by you")
    second = margin.get_by_role("button", name=f"{a.other_theme.name}, coded by you")
    first.wait_for()
    # Overlapping codes: two stripes side by side, two labels one under the other, both beside the passage.
    stripes = page.locator(".margin-stripe").evaluate_all("(s) => s.map((e) => e.style.left)")
    assert len(set(stripes)) == 2
    one, two = first.bounding_box(), second.bounding_box()
    assert two["y"] >= one["y"] + one["height"] - 1
    text = page.locator("#coding-text").bounding_box()
    assert one["x"] > text["x"] + text["width"] - 1 and one["y"] < text["y"] + text["height"]
    # Choosing a label selects its passage (keyboard too).
    second.focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Selected: “{a.source.text[30:62].split()[0]}").wait_for()


def test_it_accepts_and_rejects_suggestions_beside_their_passage(page, world):
    labelled = build_labelled_program(world.program, world.leader)
    roles = roles_for(world.analyst.user, world.program)
    made = insights.source_suggest(source=labelled.extra, roles=roles, person=world.analyst, span=None)
    pending = [s for s in made if s.kind == Suggestion.Kind.CODE and not s.abstained]
    assert len(pending) >= 2
    codings = Coding.objects.count()
    sign_in(page, world.analyst.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[labelled.extra.code]))
    margin = page.get_by_role("region", name="Codes and suggestions in the margin")
    accept = margin.get_by_role("button", name=f"Accept suggestion {pending[0].theme.name}").first
    accept.click()
    page.get_by_role("status").filter(has_text=f"Accepted “{pending[0].theme.name}”").first.wait_for()
    assert Coding.objects.count() == codings + 1
    margin.get_by_role("button", name=f"{pending[0].theme.name}, coded by you").first.wait_for()
    reject = margin.get_by_role("button", name="Reject suggestion").first
    label = reject.get_attribute("aria-label")
    reject.click()
    page.get_by_role("status").filter(has_text="Rejected").first.wait_for()
    assert margin.get_by_role("button", name=label, exact=True).count() == 0
    assert Suggestion.objects.filter(status=Suggestion.Status.REJECTED, decided_by=world.analyst).count() == 1
    assert Coding.objects.count() == codings + 1


def test_it_links_a_memo_to_a_passage_finds_it_filtered_and_exports_it(page, world):
    a = world_analysis(world)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[a.source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    page.locator("#coding-text").focus()
    page.keyboard.press("]")  # the first sentence, by keyboard
    page.get_by_role("link", name="Memo on this passage").click()
    page.get_by_text("the passage “The resident felt cornered").wait_for()
    page.get_by_label("Title").fill("Cornered by a refill")
    page.get_by_label("Text", exact=True).fill("Why does a refill corner her?")
    page.get_by_label("Linked themes").select_option(label=a.other_theme.name)
    page.get_by_role("button", name="Save memo").click()
    page.get_by_text("The memo was saved.").wait_for()
    memo = Memo.objects.get(title="Cornered by a refill")
    assert sorted(memo.links.values_list("kind", flat=True)) == ["passage", "theme"]

    page.goto(reverse("coding:memos", args=[world.program.slug]))
    page.get_by_label("About").select_option(label="Passage")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("status").filter(has_text="1 memo").wait_for()
    card = page.locator("article.memo-card")
    assert card.count() == 1 and "Cornered by a refill" in card.inner_text()
    assert "The resident felt cornered" in card.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        text = exported.read()
    assert "## Cornered by a refill" in text and "First thoughts" not in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    # The passage link opens the coding page with the passage selected.
    passage = card.locator("a[href*='#at-']", has_text=a.source.title).first
    passage.click()
    page.get_by_text("Selected: “The resident felt cornered").wait_for()


def test_the_analysis_menu_says_where_you_are_and_the_theme_tree_is_searchable(page, world):
    a = world_analysis(world)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[a.source.code]))
    menu = page.get_by_role("navigation", name="Analysis")
    assert menu.locator("[aria-current=page]").inner_text() == "Sources"
    page.get_by_placeholder("Search themes").fill("patient")
    page.get_by_text("1 theme matches.").wait_for()
    assert page.get_by_role("checkbox", name=a.other_theme.name, exact=True).is_visible()
    assert not page.get_by_role("checkbox", name=a.theme.name, exact=True).is_visible()
    menu.get_by_role("link", name="Memos").click()
    assert (
        page.get_by_role("navigation", name="Analysis").locator("[aria-current=page]").inner_text() == "Memos"
    )
