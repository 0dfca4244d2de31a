"""The access-table routes of every app, and the pages each can be fetched as, for cross-app tests."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.urls import reverse

from balint.core.testing.access import Route

INSIDERS = ("administrator", "leader", "resident", "transcriber", "analyst")


def all_routes() -> list[Route]:
    """Every app's ROUTES from `<app>/tests/access_table.py`."""
    routes = []
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.access_table"
        if config.name.startswith("balint.") and importlib.util.find_spec(module) is not None:
            routes.extend(importlib.import_module(module).ROUTES)
    return routes


def persona_pages(world: Any) -> list[tuple[str, str]]:
    """(persona, url) for every GET route as its first allowed persona (anonymous when public).

    Computed once per world: some tables' argument factories create objects and cannot run twice.
    """
    cached = getattr(world, "_privacy_pages", None)
    if cached is not None:
        return cached
    pages = []
    for route in all_routes():
        if route.method != "get":
            continue
        allowed = [p for p in (*INSIDERS, "outsider") if p in route.allowed]
        persona = allowed[0] if allowed else ("anonymous" if route.public else None)
        if persona is None:
            continue
        try:
            url = reverse(route.name, args=route.args(world)) + route.query
        except Exception:  # noqa: S112 - arguments from an app fixture this world lacks
            continue
        pages.append((persona, url))
    world._privacy_pages = pages
    return pages
