"""Privacy journeys: screening a text span by span, two-factor enrolment and sign-in, no CSP violations."""

import os

import pytest
from conftest import PASSWORD
from django.urls import reverse

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

TEXT = "Rita Resident presented Mr. Jones, seen on 3/14/2024.\nHe called from 555-123-4567."


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def shot(page, name: str) -> None:
    folder = os.environ.get("PRIVACY_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_leader_decides_each_marked_span_before_the_text_is_ready(page, world):
    errors = csp_errors(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("privacy:screen_try", args=[world.program.slug]))
    page.get_by_label("Text").fill(TEXT)
    page.get_by_role("button", name="Screen").click()
    page.get_by_role("heading", name="Possible identifiers").wait_for()
    choices = page.locator("[data-screening-choice]")
    assert choices.count() >= 4
    first = choices.first
    # The reason box appears only when "Keep" is chosen (privacy.js, loaded under the CSP).
    assert not first.locator("[data-screening-reason]").is_visible()
    first.get_by_label("Keep", exact=True).check()
    assert first.locator("[data-screening-reason]").is_visible()
    first.get_by_label("Why keep it?").fill("The resident's own name")
    # "Edit in the text" selects the span in the textarea.
    choices.nth(1).get_by_role("button", name="Edit in the text").click()
    selected = page.evaluate(
        "() => { const a = document.activeElement; return a.value.slice(a.selectionStart, a.selectionEnd); }"
    )
    assert selected == choices.nth(1).locator("q").inner_text()
    page.get_by_role("button", name="Replace every undecided span").click()
    shot(page, "screening-decisions")
    page.get_by_role("button", name="Screen").click()
    result = page.locator("[data-screening-result]")
    result.wait_for()
    text = result.inner_text()
    assert text.startswith("Rita Resident presented Mr. [NAME]")
    assert "[DATE]" in text and "[PHONE]" in text and "555" not in text
    shot(page, "screening-result")
    assert errors == []


def test_a_leader_turns_on_two_factor_and_then_signs_in_with_a_code(page, world):
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code(device) -> str:
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

    errors = csp_errors(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("privacy:two_factor"))
    assert page.locator(".two-factor-qr svg").is_visible()
    secret = page.locator("span.secret").inner_text().replace(" ", "").strip()
    device = TOTPDevice(key=base64.b32decode(secret + "=" * (-len(secret) % 8)).hex())
    page.get_by_label("Code from your authenticator app").fill(code(device))
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    page.get_by_text("Two-factor sign-in is on").first.wait_for()
    device = TOTPDevice.objects.get(user=world.leader.user, confirmed=True)
    page.get_by_role("button", name="Sign out").click()
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second code may be used again in this test
    device.save()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(world.leader.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Sign-in code").wait_for()
    page.goto(reverse("programs:detail", args=[world.program.slug]))
    page.get_by_role("heading", name="Sign-in code").wait_for()
    page.get_by_label("Code from your authenticator app").fill(code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{reverse('programs:detail', args=[world.program.slug])}")
    assert errors == []


def test_the_main_pages_raise_no_csp_violation(page, world):
    errors = csp_errors(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    for url in (
        reverse("core:home"),
        reverse("programs:detail", args=[world.program.slug]),
        reverse("programs:group", args=[world.group.code]),
        reverse("meetings:detail", args=[world.past_meeting.code]),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert errors == []
