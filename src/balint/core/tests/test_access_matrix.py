"""Walks every URL pattern with every role and anonymous against each app's tests/access_table.py."""

import importlib
import importlib.util

import pytest
from conftest import PASSWORD
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from balint.core.testing.access import PERSONAS, Route


def _tables() -> list[Route]:
    routes = []
    for config in apps.get_app_configs():
        if not config.name.startswith("balint."):
            continue
        module = f"{config.name}.tests.access_table"
        if importlib.util.find_spec(module) is not None:
            routes.extend(importlib.import_module(module).ROUTES)
    return routes


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


ROUTES = _tables()
CASES = [pytest.param(r, p, id=f"{r.method}-{r.name}-{p}") for r in ROUTES for p in PERSONAS]


def test_it_covers_every_url_pattern():
    named = {n for n in _url_names() if not n.startswith("admin:")}
    missing = named - {r.name for r in ROUTES}
    assert not missing, f"URL patterns missing from the access tables: {sorted(missing)}"


def test_it_has_no_unnamed_application_patterns():
    def walk(resolver, inside_admin=False):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, inside_admin or entry.namespace == "admin")
            elif not inside_admin and not entry.name:
                yield str(entry.pattern)

    assert list(walk(get_resolver())) == []


@pytest.mark.parametrize(("route", "persona"), CASES)
def test_it_allows_and_denies_by_role(client, world, route: Route, persona: str):
    person = world.persona(persona)
    if person is not None:
        assert client.login(username=person.user.username, password=PASSWORD)
    url = reverse(route.name, args=route.args(world)) + route.query
    data = route.data(world) if route.data else {}
    response = getattr(client, route.method)(url, data)
    status = response.status_code
    if route.public or persona in route.allowed:
        assert status not in (401, 403, 404, 405) and status < 500, f"{persona} refused: {status}"
        if persona == "anonymous" and not route.public:
            pytest.fail("anonymous listed as allowed on a private route")
        if response.status_code == 302 and not route.public:
            assert "/accounts/login/" not in response["Location"], f"{persona} sent to sign in"
    elif persona == "anonymous":
        if status == 302:
            assert "/accounts/login/" in response["Location"]
        else:
            assert status in (401, 403, 404), f"anonymous got {status}"
    else:
        assert status in (403, 404), f"{persona} got {status}, expected 403 or 404"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_admin_site_for_staff(client, world, persona):
    person = world.persona(persona)
    if person is not None:
        client.login(username=person.user.username, password=PASSWORD)
    for model in admin_site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
