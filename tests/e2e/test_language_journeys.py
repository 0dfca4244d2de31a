"""A German journey: sign in, home, a session page and the coding page, in the person's language."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding import services
from balint.coding.models import Source

pytestmark = pytest.mark.browser

NOTE = "Die Ärztin erzählte von einer Patientin, die mit den gleichen Schmerzen wieder in die Praxis kam."


@pytest.fixture
def german_page(browser, live_server, transactional_db):
    """A browser asking for German (Accept-Language), as a German Balint group's computer would."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="de-DE"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_german_leader_signs_in_and_works_in_german(german_page, world):
    page = german_page
    world.leader.language = "de"
    world.leader.save(update_fields=["language"])
    services.codebook_starter_create(program=world.program)
    source = services.source_create(
        program=world.program, kind=Source.Kind.DOCUMENT, title="Sitzungsnotiz", text=NOTE, deidentified=True
    )

    # Signed out, the browser's language decides: the sign-in page is German.
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_label("Benutzername").fill(world.leader.user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/")

    # Home: the person's own language from now on.
    page.get_by_role("link", name="Startseite").first.wait_for()
    page.get_by_role("button", name="Abmelden").wait_for()
    assert page.locator("html").get_attribute("lang") == "de"

    # A session page.
    page.goto(reverse("meetings:detail", args=[world.past_meeting.code]))
    page.get_by_role("heading", name="Anwesenheit").first.wait_for()
    assert "Attendance" not in page.locator("main").inner_text()

    # The coding page.
    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    page.get_by_role("link", name="Codebuch").first.wait_for()
    main = page.locator("main").inner_text()
    assert "Anwenden" in main and "Apply" not in main
    # The page's scripts speak German too (Django's JavaScript catalogue).
    assert page.evaluate("gettext('Perspective saved.')") == "Perspektive gespeichert."
