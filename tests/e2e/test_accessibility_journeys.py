"""Accessibility: axe-core (WCAG 2.0/2.1 A, AA) on every page each persona may open, at desk and phone width.

One browser and one signed-in page per persona walk every GET route of the access tables; the JSON API,
downloads and htmx fragments are left out. Then the states a page only reaches by acting on it: the coding
page with a passage selected and its codes listed, the live timer running. Keyboard-only journeys follow.
"""

import hashlib
import importlib
import importlib.util
import time
from urllib.parse import urlencode

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
PHONE = {"width": 320, "height": 640}  # the narrowest phone: what reflows there reflows at 390 px too
PHONES = ({"width": 390, "height": 844}, PHONE)

# What a page's main part is made of, without its words: each element's tag, classes, role, type and inline
# style. Two personas that get the same shape of a page get the same audit; only a new shape is audited again.
# The header (navigation by persona) is left out: it is the same on all of a persona's pages, and each
# persona's first page is always audited.
PAGE_SHAPE = """() => Array.from((document.querySelector("main") || document.body).querySelectorAll("*"),
    (el) => [el.tagName,
    ...["class", "role", "type", "style"].map((name) => el.getAttribute(name))].join("|")).join("\\n")"""
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
    except Exception as error:
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


@pytest.mark.timeout(1800)  # every page of every persona at two widths: minutes, not the journeys' limit
def test_it_finds_no_wcag_violation_on_any_page(transactional_db, browser, live_server, world):
    """Every persona opens every page it may; each shape a page takes is audited at desk and phone width.

    Most pages look the same to several personas (same elements, other words): auditing those once keeps the
    audit within a few minutes on a busy machine, while a persona that gets more or other controls (a
    resident's vote buttons, a leader's forms) has that shape audited too.
    """
    analysis = _analysis_with_overlaps(world)
    by_persona: dict[str, list[Route]] = {}
    for route in _get_routes():
        for persona in _personas(route):
            by_persona.setdefault(persona, []).append(route)
    shapes: set[tuple[str, str]] = set()
    problems: list[str] = []
    opened = audited = 0
    started = time.monotonic()
    for persona in PERSONA_ORDER:
        context = browser.new_context(viewport=DESK, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        person = world.persona(persona)
        persona_audited = False
        if person is not None:
            sign_in(page, person.user.username, PASSWORD)
        for route in by_persona.get(persona, []):
            url = reverse(route.name, args=route.args(world)) + route.query
            if route.data is not None:  # a GET page that reads its query (e.g. a matrix cell's quotes)
                url += ("&" if "?" in url else "?") + urlencode(route.data(world), doseq=True)
            refused = _open(page, url)
            if refused:
                if refused.startswith("answered"):
                    problems.append(f"{persona} {url}: {refused}")
                continue
            opened += 1
            shape = (route.name + route.query, hashlib.sha256(page.evaluate(PAGE_SHAPE).encode()).hexdigest())
            if shape in shapes and persona_audited:
                continue
            persona_audited = True
            shapes.add(shape)
            audited += 1
            problems += _audit_sizes(page, f"{persona} {url}", (DESK, PHONE))
        if persona == "leader":
            problems += _states_reached_by_acting(page, world, analysis)
        context.close()
    print(f"opened {opened} pages, audited {audited} shapes of them in {time.monotonic() - started:.0f}s")
    assert opened > 150, f"only {opened} pages opened"
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


def test_it_keeps_every_heat_map_number_readable(page, world):
    """Co-occurrence numbers at every tenth of the scale keep 4.5:1 against their cell (WCAG 1.4.3).

    The old colouring (white numbers above 0.55, on teal at 0.7 times the heat: 1.9 to 3.1:1) fails it.
    """
    from balint.coding.tests.factories import make_source, make_theme

    hub = make_theme(world.program, "Hub")
    for count in range(1, 11):  # theme i overlaps the hub i times, in a source of its own: heat i / 10
        source = make_source(world.program, group=world.group, title=f"Note {count}")
        code(source, world.leader, hub, 0, 62)
        theme = make_theme(world.program, f"Theme {count}")
        for start in range(count):
            code(source, world.leader, theme, start, start + 20)
    page.set_default_timeout(30_000)  # the first page of a run waits for the server's first imports
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("coding:views", args=[world.program.slug]))
    heats = page.locator(".matrix td[data-heat]").evaluate_all("(cells) => cells.map((c) => c.dataset.heat)")
    assert {f"{count / 10:.2f}" for count in range(1, 11)} <= set(heats)
    assert audit(page, within=".matrix", rules=["color-contrast"]) == []


ANNOUNCED = """() => {
    const region = document.getElementById("job-announcer");
    window.announced = [];
    new MutationObserver(() => window.announced.push(region.textContent))
        .observe(region, {childList: true, characterData: true, subtree: true});
}"""


def test_it_announces_a_job_only_when_its_words_change(page, world):
    """The job card, fetched again every second, is read out only when its status or message changes."""
    from balint.core.models import Job

    job = Job.objects.create(
        kind="test", title="Report", program=world.program, requested_by=world.leader, status="running"
    )
    job.step(10, "Counting sessions")
    page.set_default_timeout(30_000)  # the first page of a run waits for the server's first imports
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(job.get_absolute_url())
    card = page.locator("#job-status")
    assert card.evaluate("(card) => !card.closest('[aria-live], [role=status], [role=alert]')")
    assert not card.locator("[aria-live], [role=status], [role=alert]").count()
    page.evaluate(ANNOUNCED)
    for percent in (20, 30):  # only the bar moves: nothing is said
        job.step(percent, "Counting sessions")
        page.locator(f"#job-status progress[value='{percent}']").wait_for(state="attached")
    job.step(60, "Drawing charts")
    page.locator("#job-status", has_text="Drawing charts").wait_for()
    job.step(70, "Drawing charts")
    page.locator("#job-status progress[value='70']").wait_for(state="attached")
    Job.objects.filter(pk=job.pk).update(status="failed", error="The program has no sessions in that range.")
    page.locator("#job-status", has_text="no sessions in that range").wait_for()
    page.wait_for_timeout(1500)  # a finished job is not fetched again
    assert page.evaluate("window.announced") == [
        "Running — Drawing charts",
        "Failed — Drawing charts. The program has no sessions in that range.",
    ]


# ---- keyboard only ----

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el) return null;
    const group = el.type === "radio" && !!document.querySelector(`input[name="${el.name}"]:checked`);
    return {tag: el.tagName, id: el.id, type: el.type || "", group,
            name: (el.getAttribute("aria-label") || el.textContent || "").trim()};
}"""


def _tab_to(page, wanted, limit: int = 120) -> dict:
    """Press Tab until `wanted(focused)` holds; the test fails if it is never reached by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return focused
    raise AssertionError("not reachable with Tab")


def test_it_codes_reaches_existing_codes_and_removes_one_by_keyboard(page, world):
    from balint.coding.models import Coding

    page.set_default_timeout(30_000)  # the first page of a run waits for the server's first imports
    sign_in(page, world.leader.user.username, PASSWORD)
    analysis = world_analysis(world)
    page.goto(reverse("coding:source", args=[analysis.source.code]))
    page.locator("#coding-text .hl").first.wait_for()
    _tab_to(page, lambda f: f["id"] == "coding-text")
    page.keyboard.press("]")
    page.keyboard.press("]")  # the second sentence, not coded yet
    page.get_by_text("Selected: “The group imagined").wait_for()
    page.keyboard.press("Enter")  # to the themes
    focused = page.evaluate(FOCUSED)
    assert focused["type"] == "checkbox"
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["id"] == "apply-button")
    page.keyboard.press("Enter")
    page.get_by_text("Applied 1 theme.").wait_for()
    assert page.evaluate(FOCUSED)["id"] == "coding-text"  # focus kept where the next passage is chosen
    assert page.locator("#codes-here").is_visible()
    assert Coding.objects.filter(source=analysis.source).count() == 2

    # The leader's earlier code on the first sentence: select it, Tab to its Remove button, press Enter.
    page.keyboard.press("[")
    page.get_by_text("Selected: “The resident felt cornered").wait_for()
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Remove Resident's feelings")
    page.keyboard.press("Enter")
    page.get_by_text("Removed Resident's feelings.").wait_for()
    assert not Coding.objects.filter(pk=analysis.coding.pk).exists()
    assert page.evaluate(FOCUSED)["tag"] != "BODY"  # focus was not dropped


def test_it_votes_by_keyboard_on_a_button_naming_the_proposal(page, world):
    from balint.meetings.models import Vote
    from balint.meetings.services import proposal_create

    proposal_create(
        meeting=world.next_meeting, person=world.other_resident, focus="topic", title="Night float"
    )
    sign_in(page, world.resident.user.username, PASSWORD)
    page.goto(reverse("meetings:detail", args=[world.next_meeting.code]))
    _tab_to(
        page, lambda f: f["tag"] == "BUTTON" and f["name"].startswith("Vote") and "Night float" in f["name"]
    )
    page.keyboard.press("Enter")
    page.locator(".your-vote").wait_for()
    assert Vote.objects.get().proposal.title == "Night float"


def test_it_answers_a_survey_by_keyboard(page, world):
    from balint.surveys import services
    from balint.surveys.models import Invitation
    from balint.surveys.tests.factories import add_members, make_instrument, make_survey

    add_members(world.group, 3)
    survey = make_survey(world.group, make_instrument(world.program, "pulse"), min_answers=3)
    token = services.invitation_token(Invitation.objects.get(survey=survey, person=world.resident))
    page.goto(reverse("surveys:link", args=[token]))
    page.get_by_text("This survey is anonymous").wait_for()
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["type"] == "radio" and not focused["group"]:
            page.keyboard.press("Space")
        elif focused["tag"] == "TEXTAREA" or focused["type"] == "text":
            page.keyboard.type("Hearing the others helped me.")
        elif focused["tag"] == "BUTTON" and focused["name"] == "Send my answers":
            page.keyboard.press("Enter")
            break
    page.get_by_role("heading", name="Thank you").wait_for()
    assert survey.responses.count() == 1
