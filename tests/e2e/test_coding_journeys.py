"""Coding in the browser: select a sentence with the mouse, apply a theme, reload; second coder; agreement."""

import pytest
from conftest import PASSWORD
from django.urls import reverse
from playwright.sync_api import expect

from balint.coding import services
from balint.coding.models import Coding, Source
from balint.meetings.models import MeetingNote
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

SENTENCE = "The resident felt cornered by the request for an early refill 💊."
NOTE = f"{SENTENCE} The group imagined the patient's loneliness. Someone suggested a narcotic contract."


def _select_with_mouse(page, text: str) -> None:
    """Drag the mouse from the first to the last character of `text` inside the coding text."""
    box = page.evaluate(
        """(needle) => {
            const container = document.getElementById("coding-text");
            const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const at = node.data.indexOf(needle);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + 1);
                const first = range.getBoundingClientRect();
                range.setStart(node, at + needle.length - 1);
                range.setEnd(node, at + needle.length);
                const last = range.getBoundingClientRect();
                return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1,
                        y2: last.top + last.height / 2};
            }
            return null;
        }""",
        text,
    )
    assert box is not None, f"{text!r} is not on the page"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def _code_sentence(page, source: Source, theme_name: str) -> None:
    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    _select_with_mouse(page, SENTENCE)
    page.get_by_text("Selected: “The resident felt cornered").wait_for()
    page.get_by_label(theme_name, exact=True).check()
    page.get_by_label("Resident's own experience").check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Applied 1 theme.").wait_for()


def test_it_codes_a_sentence_in_the_browser_and_shows_agreement(page, world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    note.content = NOTE
    note.save()
    services.codebook_starter_create(program=world.program)
    theme_name = "Resident's feelings and reactions"

    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:sources", args=[world.program.slug]))
    page.get_by_role("button", name="Send all 1 to analysis").click()
    page.get_by_text("1 session note(s) added to the analysis").wait_for()
    source = Source.objects.get(program=world.program)

    _code_sentence(page, source, theme_name)
    highlight = page.locator("#coding-text .hl", has_text="cornered")
    highlight.first.wait_for()
    assert highlight.first.get_attribute("title") == theme_name
    coding = Coding.objects.get()
    assert source.text[coding.start : coding.end] == SENTENCE  # the emoji did not shift the offsets
    assert coding.coder == world.leader and coding.perspective == "resident"

    page.reload()
    page.locator("#coding-text .hl", has_text="cornered").first.wait_for()
    page.locator("#coding-text .hl", has_text="cornered").first.click()
    page.get_by_role("button", name=f"Remove {theme_name}").wait_for()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, world.co_leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[source.code]) + "?others=hide")
    page.locator("#coding-text .seg").first.wait_for()
    assert page.locator("#coding-text .hl").count() == 0  # the first coder's code is hidden
    _select_with_mouse(page, SENTENCE)
    page.get_by_text("Selected: “The resident felt cornered").wait_for()
    page.get_by_label(theme_name, exact=True).check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Applied 1 theme.").wait_for()
    assert Coding.objects.filter(coder=world.co_leader).count() == 1

    page.goto(
        reverse("coding:agreement", args=[world.program.slug]) + "?granularity=sentence&uncoded=include"
    )
    overall = page.get_by_role("row", name="Mean over themes")
    assert overall.locator("[data-measure=kappa]").inner_text().startswith("1.000")
    assert overall.locator("[data-measure=alpha]").inner_text().startswith("1.000")
    assert page.get_by_text("Cohen's kappa").first.is_visible()
    assert page.get_by_text("Krippendorff's alpha").first.is_visible()


def test_a_theme_missing_from_the_codebook_is_made_while_coding_and_applied(page, world):
    """Search the tree, find nothing, make the theme there (under a parent), and apply it to the passage."""
    from balint.coding.tests.factories import make_source, make_theme

    source = make_source(world.program, text=NOTE, group=world.group)
    parent = make_theme(world.program, "Boundaries")
    make_theme(world.program, "Attraction", parent=parent)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    _select_with_mouse(page, SENTENCE)
    page.get_by_text("Selected: “The resident felt cornered").wait_for()

    page.get_by_label("Filter themes").fill("Refill pressure")
    page.get_by_text("0 themes match.").wait_for()
    expect(page.get_by_label("Boundaries", exact=True)).to_be_hidden()  # a theme with sub-themes hides too
    page.get_by_text("New theme", exact=True).click()
    name = page.get_by_label("Name", exact=True)
    expect(name).to_have_value("Refill pressure")  # what was searched for and not found
    page.get_by_label("Under", exact=True).select_option(label="Boundaries")
    name.press("Enter")  # adds the theme; does not apply anything yet
    page.get_by_text("“Refill pressure” was added to the codebook.").wait_for()
    expect(page.get_by_label("Refill pressure", exact=True)).to_be_checked()
    assert not Coding.objects.exists()
    theme = source.program.themes.get(name="Refill pressure")
    assert theme.parent == parent

    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Applied 1 theme.").wait_for()
    highlight = page.locator("#coding-text .hl", has_text="cornered").first
    highlight.wait_for()
    assert highlight.get_attribute("title") == "Refill pressure"
    coding = Coding.objects.get()
    assert coding.theme == theme and source.text[coding.start : coding.end] == SENTENCE

    # The same name again only ticks the theme that is there; nothing is made twice.
    page.get_by_label("Filter themes").fill("")
    name.fill("refill pressure")
    page.get_by_role("button", name="Add to the codebook and tick").click()
    page.get_by_text("“Refill pressure” is already in the codebook: ticked.").wait_for()
    assert source.program.themes.filter(name__iexact="refill pressure").count() == 1

    page.reload()
    page.get_by_label("Refill pressure", exact=True).wait_for()
