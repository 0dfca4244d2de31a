"""Adversarial tests over every app's routes: IDOR with another program's ids, CSRF, XSS, bad input."""

import dataclasses
import re
import uuid

import pytest
from conftest import PASSWORD, make_person
from django.test import Client
from django.urls import reverse

from balint.privacy.testing.forms import page_forms
from balint.privacy.testing.routes import all_routes, persona_pages
from balint.programs.models import Cohort, Role

XSS = "<script>alert('xss-balint')</script>\"'><img src=x onerror=alert('xss-balint')>"
RAW_MARKERS = ("<script>alert('xss-balint')", "<img src=x onerror=")
INSIDERS = ("administrator", "leader", "resident", "transcriber", "analyst")


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if not r.public and any(p in r.allowed for p in INSIDERS)]
POST_ROUTES = [r for r in ROUTES if r.method == "post"]
GET_ROUTES = [r for r in ROUTES if r.method == "get"]


@pytest.fixture
def mirror(world):
    """The world with each of its objects swapped for another program's: what an IDOR attempt would use."""
    cohort = Cohort.objects.create(program=world.other_program, name="Hillcrest 2027", entry_year=2024)
    resident = make_person(world.other_program, "outres1", Role.RESIDENT, "Olga Outres", cohort=cohort)
    other = make_person(world.other_program, "outres2", Role.RESIDENT, "Omar Outres", cohort=cohort)
    world.outsider_group.members.set([resident, other])
    return dataclasses.replace(
        world,
        program=world.other_program,
        cohort=cohort,
        administrator=world.outsider,
        leader=world.outsider,
        co_leader=world.outsider,
        resident=resident,
        other_resident=other,
        transcriber=world.outsider,
        analyst=world.outsider,
        group=world.outsider_group,
        past_meeting=world.outsider_meeting,
        next_meeting=world.outsider_meeting,
    )


def login(client: Client, person) -> None:
    assert client.login(username=person.user.username, password=PASSWORD)


def test_it_refuses_another_programs_objects_to_insiders(client, world, mirror):
    """Every object URL, called by each allowed insider with the matching object of another program."""
    failures, checked = [], 0
    for route in OBJECT_ROUTES:
        try:
            own, foreign = route.args(world), route.args(mirror)
        except Exception:
            continue
        if own == foreign:
            continue  # no object id in this URL
        try:
            data = route.data(mirror) if route.data else {}
        except Exception:
            data = {}
        url = reverse(route.name, args=foreign) + route.query
        for persona in sorted(set(route.allowed) & set(INSIDERS)):
            client.logout()
            login(client, world.persona(persona))
            status = getattr(client, route.method)(url, data).status_code
            checked += 1
            if status not in (403, 404):
                failures.append(f"{route.method.upper()} {url} ({route.name}) as {persona}: {status}")
    assert checked > 20, "too few object URLs were checked"
    assert not failures, "Another program's objects were reachable:\n" + "\n".join(failures)


def test_it_refuses_posts_without_a_csrf_token(world):
    failures, checked = [], 0
    for route in POST_ROUTES:
        client = Client(enforce_csrf_checks=True)
        allowed = [p for p in (*INSIDERS, "outsider") if p in route.allowed]
        if allowed:
            login(client, world.persona(allowed[0]))
        elif not route.public:
            continue
        try:
            url = reverse(route.name, args=route.args(world)) + route.query
            data = route.data(world) if route.data else {}
        except Exception:
            continue
        status = client.post(url, data).status_code
        checked += 1
        if status != 403:
            failures.append(f"POST {url} ({route.name}): {status}")
    assert checked >= len(POST_ROUTES) // 2
    assert not failures, "POSTs accepted without a CSRF token:\n" + "\n".join(failures)


def _persona_pages(world) -> list[tuple[str, str]]:
    return persona_pages(world)


def _html(response) -> str:
    """The body when a browser would render it as HTML, else nothing (JSON and files carry data)."""
    if "text/html" not in response.get("Content-Type", ""):
        return ""
    return response.getvalue().decode(errors="replace")


def _submit_every_form(client: Client, world, *texts: str) -> list[tuple[str, str, int, str]]:
    """Fill every text field of every POST form on every page with each text; returns what came back."""
    results = []
    seen = set()
    for persona, url in _persona_pages(world):
        client.logout()
        if persona != "anonymous":
            login(client, world.persona(persona))
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for form in page_forms(page.content.decode(), url):
            key = (persona, form.action)
            if form.method != "post" or form.has_password or form.has_file or key in seen:
                continue
            if form.action.startswith(reverse("logout")) or not form.text_fields():
                continue
            seen.add(key)
            for text in texts:
                response = client.post(form.action, form.data(text))
                body = _html(response)
                if response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
                    body += _html(client.get(response["Location"]))
                results.append((persona, form.action, response.status_code, body))
    return results


BAD_TEXTS = [
    "x" * 100_000,
    "nul\x00byte",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "\u202e\ufeff",
]
INLINE = (
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE),
    re.compile(r"\s on[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    re.compile(r"<style\b|\sstyle\s*=\s*[\"']", re.IGNORECASE),
)


def test_every_form_survives_hostile_text_and_every_page_shows_it_escaped(client, world):
    """One walk over every app's forms (script payloads, over-long, NUL, mojibake), then over every page.

    Each POST form on each page gets each text in all its free-text fields: no answer may be a 5xx, and
    the payload may never come back unescaped, neither in the reply nor on any page afterwards. The
    pages are also checked for inline script or style, which the Content-Security-Policy would block.
    """
    results = _submit_every_form(client, world, XSS, *BAD_TEXTS)
    assert results, "no forms were found to attack"
    failures = []
    for persona, action, status, body in results:
        if status >= 500:
            failures.append(f"{action} as {persona}: {status}")
        failures += [f"{action} as {persona} echoed {m!r} unescaped" for m in RAW_MARKERS if m in body]
    # JSON (the API) carries text as data; only what a browser renders as HTML must be escaped.
    for persona, url in _persona_pages(world):
        client.logout()
        if persona != "anonymous":
            login(client, world.persona(persona))
        response = client.get(url)
        body = response.getvalue().decode(errors="replace")
        if "text/html" in response.get("Content-Type", ""):
            failures += [f"{url} as {persona} shows {m!r} unescaped" for m in RAW_MARKERS if m in body]
        served_html = response.status_code == 200 and "text/html" in response.get("Content-Type", "")
        if served_html and not response.get("Content-Disposition", "").startswith("attachment"):
            for pattern in INLINE:
                failures += [
                    f"{url} as {persona}: CSP would block {m.group(0)[:50]}" for m in pattern.finditer(body)
                ]
    assert not failures, "\n".join(sorted(set(failures)))


def test_unknown_and_malformed_ids_are_not_found(client, world):
    login(client, world.administrator)
    for route in GET_ROUTES:
        try:
            args = route.args(world)
        except Exception:
            continue
        swapped = [uuid.uuid4() if isinstance(a, uuid.UUID) else a for a in args]
        if swapped == args:
            continue
        assert client.get(reverse(route.name, args=swapped)).status_code in (403, 404), route.name
    assert client.get(f"/groups/{'9' * 40}/").status_code == 404
    assert client.get("/groups/not-a-uuid/").status_code == 404
