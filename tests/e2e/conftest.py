"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are
# still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", "test-results"))
# A browser journey that hangs fails after this many seconds with every thread's stack (pytest-timeout)
# instead of holding CI until its own limit; generous, as a busy machine runs a journey in 30-90 s. A test
# that is long on purpose (the audit of every page) sets its own `@pytest.mark.timeout`.
E2E_TIMEOUT = int(os.environ.get("E2E_TIMEOUT", "300"))
E2E_DIR = Path(__file__).resolve().parent


def _serve_one_request_at_a_time() -> None:
    """On SQLite the test database lives in memory and the live server's request threads share the test's
    one connection. Two requests at once (a page beside its htmx card, or beside a script it loads) then
    deadlock: one thread holds SQLite's connection mutex while calling back into Python (Django's SQL
    functions) for the GIL, the other holds the GIL while reading a row, which needs that mutex; every
    thread, pytest-timeout's included, then waits for ever. Serving one request at a time removes it:
    Django's plain WSGIServer answers `Connection: close`, so the browser never holds the server on a
    kept-alive connection. PostgreSQL gives each thread its own connection and keeps the threaded server."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return

    class Serial(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override or {}

    LiveServerThread.server_class = Serial


_serve_one_request_at_a_time()


def pytest_collection_modifyitems(config, items):
    """Give every test under tests/e2e a `timeout` mark (E2E_TIMEOUT) unless it sets its own; the other
    tests keep no limit. Without pytest-timeout installed nothing changes."""
    if not config.pluginmanager.hasplugin("timeout"):
        return
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(E2E_TIMEOUT))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def page(browser, request, transactional_db, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if getattr(request.node, "failed_call", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
