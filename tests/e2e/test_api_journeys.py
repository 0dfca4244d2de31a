"""API journeys: a leader creates a token on their page, uses it, revokes it; the docs page works offline."""

import os
from urllib.parse import urlsplit

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.api.models import ApiToken
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def shot(page, name: str) -> None:
    folder = os.environ.get("API_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_leader_creates_uses_and_revokes_a_token(page, world, live_server):
    errors = csp_errors(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("programs:person", args=[world.program.slug, world.leader.code]))
    page.get_by_role("link", name="Your API tokens").click()
    page.get_by_label("Name").fill("Residency dashboard")
    page.get_by_label("Expires").select_option(label="in 30 days")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator(".token-secret").inner_text().strip()
    assert secret.startswith("blt_")
    shot(page, "token-created")

    api = page.context.request
    me = api.get(f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200 and me.json()["token"]["name"] == "Residency dashboard"

    page.reload()  # the browser sends the form again: no second token, and the secret is not shown again
    page.get_by_text("This form was already sent").wait_for()
    assert secret not in page.content()
    assert page.get_by_role("row", name="Residency dashboard").count() == 1
    page.get_by_role("row", name="Residency dashboard").get_by_role("button", name="Revoke").click()
    page.get_by_text("is revoked; it no longer works").wait_for()
    refused = api.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}", "Cookie": ""}
    )
    assert refused.status == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert errors == []


def test_the_docs_page_renders_from_vendored_files_only(page, world, live_server):
    errors = csp_errors(page)
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    page.goto(reverse("api:openapi-view"))
    page.get_by_text("/api/v1/programs/{slug}/codings", exact=True).first.wait_for()
    page.locator(".opblock-tag", has_text="sessions").first.wait_for()
    shot(page, "docs")
    assert hosts == {urlsplit(live_server.url).hostname}
    assert errors == []
