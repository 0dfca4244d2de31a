"""The order of the URL configuration's apps does not change what a path opens: every named route's path
resolves to that route (the coding app comes first, as its highlight requests are the most frequent)."""

import re
import uuid

from django.urls import URLResolver, get_resolver, resolve

SAMPLES = {"uuid": str(uuid.uuid4()), "slug": "some-slug", "str": "token", "int": "7", "path": "a/b.txt"}


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + route, inner)
        elif pattern.name and not route.startswith("^") and "(?P" not in route:
            yield prefix + route, namespace + pattern.name


def test_every_named_route_resolves_to_itself():
    routes = list(_routes(get_resolver().url_patterns))
    shared = {route for route, _ in routes if sum(r == route for r, _ in routes) > 1}  # one path, two methods
    wrong = []
    for route, name in routes:
        if route.startswith("admin/") or route in shared:
            continue
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        if resolve(path).view_name != name:
            wrong.append((path, name, resolve(path).view_name))
    assert not wrong
