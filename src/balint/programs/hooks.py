"""What apps above programs add to programs' own pages and reads, without programs importing them.

Each app registers its callables in its AppConfig.ready(); programs calls them in registration order.
"""

from collections.abc import Callable
from typing import Any

# (program) -> counts added to the program overview, e.g. meetings: {"sessions_held": 12}
PROGRAM_OVERVIEW_COUNTS: list[Callable[[Any], dict[str, int]]] = []
# (group) -> context added to the group page, e.g. meetings: {"summary": GroupSummary}
GROUP_PAGE_CONTEXT: list[Callable[[Any], dict[str, Any]]] = []


def register(hooks: list, function: Callable) -> None:
    """Add `function` once (ready() may run more than once in tests)."""
    if function not in hooks:
        hooks.append(function)
