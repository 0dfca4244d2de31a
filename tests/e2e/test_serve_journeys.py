"""`make run`'s own command line, as a new user starts it: `balint serve --demo` on a fresh data folder with
the database task backend and the worker it supervises (not the test settings' immediate backend), then
the PDF report built end to end through the pages."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from balint.site.demo import DEMO_PASSWORD, DEMO_SLUG

pytestmark = pytest.mark.browser
BALINT = str(Path(sys.executable).parent / "balint")
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _make_run_arguments(port: int) -> list[str]:
    """The arguments of `make run`'s `balint serve` line, on another port."""
    line = next(line for line in MAKEFILE.read_text().splitlines() if "/balint serve" in line)
    arguments = line.split("/balint serve", 1)[1].split()
    return [
        *arguments[: arguments.index("--port") + 1],
        str(port),
        *arguments[arguments.index("--port") + 2 :],
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    keep_out = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL", "TASK_BACKEND", "SERVE_WORKER"}
    environment = {k: v for k, v in os.environ.items() if k not in keep_out}
    environment |= {"BALINT_DATA_DIR": str(tmp_path / "data")}
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [BALINT, "serve", *_make_run_arguments(port)], env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/healthz", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
    yield url
    server.send_signal(signal.SIGINT)  # Ctrl-C
    try:
        server.wait(timeout=40)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()


def test_it_builds_the_pdf_report_on_make_runs_own_server_and_worker(browser, served):
    assert "--demo" in _make_run_arguments(8000)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=served, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    favicons = []
    page.on("response", lambda r: favicons.append(r.status) if "favicon" in r.url else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto(reverse("reports:new", args=[DEMO_SLUG]))
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Build the report").click()
    download_link = page.get_by_role("link", name="Download")
    download_link.wait_for(timeout=120_000)  # the worker started by `balint serve` builds it
    with page.expect_download() as download:
        download_link.click()
    path = download.value.path()
    assert Path(path).read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
    assert "No background-task worker" not in page.content()
    assert favicons and all(status in {200, 304} for status in favicons)
    context.close()
