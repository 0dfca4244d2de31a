"""Accessibility: axe-core (WCAG 2.0/2.1 A, AA) on every page each persona may open, at desk and phone width.

One browser and one signed-in page per persona walk every GET route of the access tables; the JSON API,
downloads and htmx fragments are left out. Then the states a page only reaches by acting on it: the coding
page with a passage selected and its codes listed, the live timer running. Keyboard-only journeys follow.
"""

import importlib
import importlib.util
import time

import pytest
from conftest import PASSWORD
from django.apps import apps
from django.urls import reverse

from balint.coding.tests.factories import code, world_analysis
from balint.core.testing.access import Route
from tests.e2e.axe import audit, sideways_overflow
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 900}
PHONES = ({"width": 390, "height": 844}, {"width": 320, "height": 640})
PERSONA_ORDER = ("leader", "administrator", "analyst", "resident", "transcriber", "outsider", "anonymous")


def _get_routes() -> list[Route]:
    """Every GET route of the access tables but the JSON API's (a page, a download or an htmx fragment)."""
    routes = []
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.access_table"
        if config.name.startswith("balint.") and importlib.util.find_spec(module) is not None:
            routes.extend(importlib.import_module(module).ROUTES)
    return [r for r in routes if r.method == "get" and not r.name.startswith("api:")]


def _personas(route: Route) -> list[str]:
    allowed = set(route.allowed) | ({"anonymous"} if route.public else set())
    return [p for p in PERSONA_ORDER if p in allowed]


def _open(page, url: str) -> str | None:
    """Open `url`; None for a whole HTML page, else why it is not audited (a download, a fragment, a refusal).

    A page answered with 410 or 422 (a survey already answered, a form shown again with its errors) is
    audited: people see it too.
    """
    try:
        response = page.goto(url)
    except Exception as error:  # noqa: BLE001 - Playwright reports a download as a navigation error
        if "Download is starting" in str(error):
            return "download"
        raise
    if response is None or response.status in (401, 403, 404, 405) or response.status >= 500:
        return f"answered {response and response.status}"
    if "text/html" not in (response.headers.get("content-type") or ""):
        return "not html"
    if not response.text().lstrip().lower().startswith("<!doctype"):
        return "fragment"  # an htmx partial, audited inside the page that loads it
    return None


def _audit_sizes(page, label: str, sizes=(DESK, *PHONES)) -> list[str]:
    """Audit the page as it stands at each width (no reload); at 320 px it must not scroll sideways."""
    problems = []
    for size in sizes:
        page.set_viewport_size(size)
        problems += [f"{label} {size['width']}px: {line}" for line in audit(page)]
        if size["width"] == 320 and (overflow := sideways_overflow(page)) > 0:
            problems.append(f"{label} 320px: scrolls sideways by {overflow}px")
    page.set_viewport_size(DESK)
    return problems


def _analysis_with_overlaps(world):
    """The coding world plus overlapping codes of two themes, so the co-occurrence heat map has numbers."""
    analysis = world_analysis(world)
    code(analysis.source, world.leader, analysis.other_theme, 0, 40)
    code(analysis.source, world.analyst, analysis.other_theme, 64, 110)
    code(analysis.source, world.analyst, analysis.theme, 70, 110)
    return analysis


def test_it_finds_no_wcag_violation_on_any_page(transactional_db, browser, live_server, world):
    analysis = _analysis_with_overlaps(world)
    by_persona: dict[str, list[Route]] = {}
    for route in _get_routes():
        for persona in _personas(route):
            by_persona.setdefault(persona, []).append(route)
    phone_checked: set[str] = set()
    problems: list[str] = []
    audited = 0
    started = time.monotonic()
    for persona in PERSONA_ORDER:
        context = browser.new_context(viewport=DESK, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        person = world.persona(persona)
        if person is not None:
            sign_in(page, person.user.username, PASSWORD)
        for route in by_persona.get(persona, []):
            url = reverse(route.name, args=route.args(world)) + route.query
            refused = _open(page, url)
            if refused:
                if refused.startswith("answered"):
                    problems.append(f"{persona} {url}: {refused}")
                continue
            audited += 1
            # Every page at desk width for each persona; at phone widths once (one layout for all).
            key = route.name + route.query
            problems += _audit_sizes(
                page, f"{persona} {url}", (DESK,) if key in phone_checked else (DESK, *PHONES)
            )
            phone_checked.add(key)
        if persona == "leader":
            problems += _states_reached_by_acting(page, world, analysis)
        context.close()
    print(f"audited {audited} pages in {time.monotonic() - started:.0f}s")
    assert audited > 150, f"only {audited} pages audited"
    assert not problems, "\n".join(problems)


def _states_reached_by_acting(page, world, analysis) -> list[str]:
    problems = []
    # The coding page with a passage selected by keyboard and the codes on it listed.
    page.goto(reverse("coding:source", args=[analysis.source.code]))
    page.locator("#coding-text .hl").first.wait_for()
    page.locator("#coding-text").focus()
    page.keyboard.press("]")
    page.get_by_text("Selected: “The resident felt cornered").wait_for()
    page.locator("#codes-here").wait_for()
    problems += _audit_sizes(page, "leader coding page with a selection")
    # The live timer, running.
    page.goto(reverse("meetings:live", args=[world.past_meeting.code]))
    page.get_by_role("button", name="Start the first phase").click()
    page.locator("[role=timer]").wait_for()
    problems += _audit_sizes(page, "leader live timer running")
    return problems
