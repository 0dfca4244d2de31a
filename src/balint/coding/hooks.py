"""What apps above coding lend it without coding importing them.

MIN_CELL: (program) -> the program's k, the smallest number of people a figure may count; reports registers
its report setting in its AppConfig.ready(). Without one, the `BALINT_REPORT_MIN_CELL` setting or 5.
"""

from collections.abc import Callable

from django.conf import settings

from balint.programs.models import Program

K_FLOOR = 3  # never below the surveys' own threshold
MIN_CELL: list[Callable[[Program], int]] = []


def min_cell(program: Program) -> int:
    for hook in MIN_CELL:
        return max(K_FLOOR, int(hook(program)))
    return max(K_FLOOR, int(getattr(settings, "BALINT_REPORT_MIN_CELL", 5)))
