import pytest

from balint.core.errors import ApplicationError
from balint.reports.models import ReportSettings
from balint.reports.services import report_settings_update


def test_it_creates_then_changes_the_programs_k(world):
    report_settings_update(program=world.program, min_cell=7)
    row = report_settings_update(program=world.program, min_cell=9)
    assert row.min_cell == 9
    assert list(ReportSettings.objects.filter(program=world.program).values_list("min_cell", flat=True)) == [
        9
    ]


@pytest.mark.parametrize("value", [0, 2, 51])
def test_it_refuses_a_k_out_of_bounds_and_keeps_the_old_one(world, value):
    report_settings_update(program=world.program, min_cell=6)
    with pytest.raises(ApplicationError):
        report_settings_update(program=world.program, min_cell=value)
    assert ReportSettings.objects.get(program=world.program).min_cell == 6
