"""Writes of the reports app that are not the annual evaluation's (those live in `annual.py`)."""

from django.db import transaction

from balint.core.services import validated
from balint.programs.models import Program
from balint.reports.models import ReportSettings


@transaction.atomic
def report_settings_update(*, program: Program, min_cell: int) -> ReportSettings:
    """Set the program's k; a value below the surveys' floor or above 50 is refused."""
    row = ReportSettings.objects.select_for_update().filter(program=program).first()
    row = row or ReportSettings(program=program)
    row.min_cell = min_cell
    validated(row)
    row.save()
    return row
