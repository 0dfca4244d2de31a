"""What apps above coding lend it without coding importing them.

MIN_CELL: (program) -> the program's k, the smallest number of people a figure may count; reports registers
its report setting in its AppConfig.ready(). Without one, the `BALINT_REPORT_MIN_CELL` setting or 5.

PASSAGE_SUGGESTIONS: (source, roles) -> the pending suggestions the coding page shows beside their passage,
as plain dicts (id, theme code `t`, offsets `s`/`e`, `score`, `why`, `accept` and `reject` URLs); insights
registers its own in its AppConfig.ready(). Accepting one goes through the insights view (coding_create).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings

from balint.programs.models import Program

K_FLOOR = 3  # never below the surveys' own threshold
MIN_CELL: list[Callable[[Program], int]] = []
PASSAGE_SUGGESTIONS: list[Callable[[Any, Any], list[dict]]] = []


def min_cell(program: Program) -> int:
    for hook in MIN_CELL:
        return max(K_FLOOR, int(hook(program)))
    return max(K_FLOOR, int(getattr(settings, "BALINT_REPORT_MIN_CELL", 5)))


def passage_suggestions(source: Any, roles: Any) -> list[dict]:
    """What every registered provider suggests for the source's passages, for this reader."""
    return [item for hook in PASSAGE_SUGGESTIONS for item in hook(source, roles)]
