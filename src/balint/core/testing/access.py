"""The access-matrix table format: each app lists its URLs in `<app>/tests/access_table.py` as ROUTES."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("administrator", "leader", "resident", "transcriber", "analyst", "outsider", "anonymous")


@dataclass(frozen=True)
class Route:
    """One URL name, how to fill its arguments from the test world, and who may use it.

    `allowed` names the personas that get through; every other signed-in persona must get 403 or 404,
    and anonymous must be sent to sign in (or get 401/403/404 for token and link URLs).
    """

    name: str
    args: Callable[[Any], list] = lambda world: []
    allowed: frozenset[str] = field(default_factory=frozenset)
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    public: bool = False
    query: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.allowed) - set(PERSONAS)
        if unknown:
            raise ValueError(f"{self.name}: unknown personas {unknown}")


def route(name: str, *allowed: str, **kwargs: Any) -> Route:
    return Route(name=name, allowed=frozenset(allowed), **kwargs)


STAFF_ONLY = frozenset()
