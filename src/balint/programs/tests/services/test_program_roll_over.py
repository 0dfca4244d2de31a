import datetime

import pytest
import time_machine

from balint.core.errors import ApplicationError
from balint.programs.models import Cohort, Program
from balint.programs.services import program_roll_over, rollover_preview
from balint.surveys.tests.factories import make_survey


@pytest.fixture
def class_of_2026(world):
    """The issue's case: a three-year program still in 2025-26 in December 2026, whose class of 2026
    entered in 2023 and is in the group."""
    Program.objects.filter(pk=world.program.pk).update(current_year=2025)
    world.program.refresh_from_db()
    cohort = Cohort.objects.create(program=world.program, name="Class of 2026", entry_year=2023)
    world.resident.memberships.filter(program=world.program).update(cohort=cohort)
    return cohort


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
def test_it_graduates_a_finished_class_and_stops_inviting_it(world, class_of_2026):
    assert class_of_2026.training_label() == "PGY-3"
    plan = rollover_preview(program=world.program)
    assert plan.year == 2026 and plan.due
    step = next(s for s in plan.steps if s.cohort == class_of_2026)
    assert step.graduates and world.resident in step.residents and world.group in step.leaving

    program_roll_over(program=world.program, year=plan.year)

    class_of_2026 = Cohort.objects.get(pk=class_of_2026.pk)
    assert class_of_2026.training_label() == "Graduated 2026"  # not "PGY-4"
    assert Cohort.objects.get(pk=world.cohort.pk).training_label() == "PGY-3"
    assert class_of_2026.graduated_on == datetime.date(2026, 12, 1)
    assert class_of_2026.training_label() == "Graduated 2026"
    assert not world.group.has_member(world.resident)
    seat = world.group.seats.get(person=world.resident)
    assert seat.ends_on == datetime.date(2026, 12, 1)
    assert world.past_meeting.attendances.filter(person=world.resident).exists()  # history stays
    survey = make_survey(world.group)
    assert not survey.invitations.filter(person=world.resident).exists()
    assert survey.invitations.filter(person=world.other_resident).exists()


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
def test_it_advances_training_years_once_and_not_before_the_year_starts(world):
    program = Program.objects.get(pk=world.program.pk)
    assert world.cohort.training_label() == "PGY-3"  # class of 2027 in 2026-27
    plan = rollover_preview(program=program)
    assert plan.year == 2027 and not plan.due
    with pytest.raises(ApplicationError, match="starts on 1 Jul 2027"):
        program_roll_over(program=program, year=2027)
    with time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC)):
        program_roll_over(program=program, year=2027)
        program.refresh_from_db()
        assert program.current_year == 2027
        assert Cohort.objects.get(pk=world.cohort.pk).graduated  # PGY-4 would be past three years
        with pytest.raises(ApplicationError, match="look at the preview again"):
            program_roll_over(program=program, year=2027)
