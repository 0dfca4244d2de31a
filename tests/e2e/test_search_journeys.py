"""Search a phrase, preview and auto-code its sentences, undo on the coding page, reload, redo."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding import services
from balint.coding.models import Coding, CodingStep
from tests.e2e.axe import audit, sideways_overflow
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

TEXT = (
    "The resident asked for an early refill again. The group stayed quiet.\n\n"
    "Later someone named the EARLY   refill as a test of trust. Nobody laughed."
)


def test_it_searches_auto_codes_and_undoes_and_redoes_across_a_reload(page, world):
    source = services.source_create(
        program=world.program, kind="session_note", title="Refill note", text=TEXT, group=world.group
    )
    services.theme_create(program=world.program, name="Testing limits", colour="#e76f51")
    sign_in(page, world.leader.user.username, PASSWORD)

    page.goto(reverse("coding:search", args=[world.program.slug]))
    page.get_by_label("Search for").fill('"early refill"')
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="2 hits in 1 source(s)").wait_for()
    assert page.locator(".kwic mark").all_text_contents() == ["early refill", "EARLY   refill"]

    page.get_by_label("Theme to apply").select_option(label="Testing limits")
    page.get_by_label("Code", exact=True).select_option("sentence")
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("2 to code with “Testing limits”").wait_for()
    assert not Coding.objects.exists()
    page.get_by_role("button", name="Code 2 passages with “Testing limits”").click()
    page.get_by_text("Auto-coded 2 passage(s) with “Testing limits”.").wait_for()
    assert Coding.objects.count() == 2
    assert page.locator(".kwic .badge", has_text="Testing limits").count() == 2

    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .hl").first.wait_for()
    page.get_by_text("Undo: Auto-code “Testing limits” on 2 sentences in 1 source").wait_for()
    page.locator("#coding-text").focus()
    page.keyboard.press("Control+z")
    page.get_by_text("Undone: Auto-code “Testing limits” on 2 sentences in 1 source.").wait_for()
    assert not Coding.objects.exists()
    assert page.locator("#coding-text .hl").count() == 0

    page.reload()
    page.get_by_text("Redo: Auto-code “Testing limits” on 2 sentences in 1 source").wait_for()
    page.get_by_role("button", name="Redo").click()
    page.get_by_text("Redone: Auto-code “Testing limits” on 2 sentences in 1 source.").wait_for()
    page.locator("#coding-text .hl").first.wait_for()
    assert Coding.objects.count() == 2
    assert CodingStep.objects.get().state == CodingStep.State.DONE
    assert page.get_by_role("button", name="Redo").is_disabled()


def test_it_offers_undo_for_a_code_applied_on_the_page_without_a_reload(page, world):
    source = services.source_create(
        program=world.program, kind="session_note", title="Refill note", text=TEXT, group=world.group
    )
    services.theme_create(program=world.program, name="Testing limits")
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    assert page.get_by_role("button", name="Undo").is_disabled()
    page.locator("#coding-text").focus()
    page.keyboard.press("]")
    page.get_by_label("Testing limits", exact=True).check()
    asked = []  # the undo state read by undo.js: the highlight's answer carries it, so none is asked
    page.on("request", lambda r: asked.append(r.url) if "/analysis/history/" in r.url else None)
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Undo: Apply “Testing limits” in “Refill note”").wait_for()
    page.wait_for_timeout(500)  # past undo.js's 150 ms delay before it would ask
    assert asked == []
    page.keyboard.press("Control+Shift+z")  # nothing to redo: nothing happens
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Undone: Apply “Testing limits” in “Refill note”.").wait_for()
    assert not Coding.objects.exists()


def test_it_finds_no_wcag_violation_on_the_search_preview_steps_and_undo_panel(page, world):
    source = services.source_create(
        program=world.program, kind="session_note", title="Refill note", text=TEXT, group=world.group
    )
    theme = services.theme_create(program=world.program, name="Testing limits", colour="#e76f51")
    services.coding_create(source=source, coder=world.leader, themes=[theme], start=0, end=10)
    sign_in(page, world.leader.user.username, PASSWORD)
    search = reverse("coding:search", args=[world.program.slug])
    problems = []
    for url in (
        f"{search}?q=%22early+refill%22&theme={theme.code}&unit=paragraph&preview=1",
        reverse("coding:history", args=[world.program.slug]),
        reverse("coding:source", args=[source.code]),
    ):
        page.goto(url)
        for size in ({"width": 1280, "height": 900}, {"width": 320, "height": 640}):
            page.set_viewport_size(size)
            problems += [f"{url} {size['width']}px: {line}" for line in audit(page)]
            if size["width"] == 320 and (overflow := sideways_overflow(page)) > 0:
                problems.append(f"{url} 320px: scrolls sideways by {overflow}px")
    assert not problems, "\n".join(problems)
