import pytest

from balint.coding.access import visible_sources
from balint.coding.models import Coding, CodingStep
from balint.coding.services import history
from balint.coding.tests.factories import make_source, make_theme
from balint.core.errors import ApplicationError
from balint.programs.access import roles_for


@pytest.fixture
def place(world):
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Feelings")
    return source, theme


def _sources(world, person):
    return visible_sources(roles_for(person.user, world.program))


def _undo(world, person):
    return history.step_undo(program=world.program, person=person, sources=_sources(world, person))


def _redo(world, person):
    return history.step_redo(program=world.program, person=person, sources=_sources(world, person))


def test_it_undoes_and_redoes_an_apply_keeping_the_coding_code_and_date(world, place):
    source, theme = place
    [coding] = history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    outcome = _undo(world, world.leader)
    assert outcome.message == "Undone: Apply “Feelings” in “Session note”."
    assert not Coding.objects.exists()
    _redo(world, world.leader)
    again = Coding.objects.get()
    assert (again.code, again.created_at, again.quote) == (coding.code, coding.created_at, coding.quote)


def test_it_undoes_a_removal_and_a_re_mark(world, place):
    source, theme = place
    [coding] = history.coding_apply(
        source=source, coder=world.leader, themes=[theme], start=0, end=12, perspective="resident"
    )
    history.coding_remark(coding=coding, by=world.leader, perspective="patient")
    history.coding_remove(coding=Coding.objects.get(), by=world.leader)
    _undo(world, world.leader)
    assert Coding.objects.get().perspective == "patient"
    _undo(world, world.leader)
    assert Coding.objects.get().perspective == "resident"
    _redo(world, world.leader)
    _redo(world, world.leader)
    assert not Coding.objects.exists()


def test_it_records_nothing_for_an_apply_that_changed_nothing(world, place):
    source, theme = place
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    assert CodingStep.objects.count() == 1


def test_it_clears_redo_when_a_new_step_is_taken(world, place):
    source, theme = place
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    _undo(world, world.leader)
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=13, end=20)
    with pytest.raises(ApplicationError, match="nothing of yours to redo"):
        _redo(world, world.leader)
    assert CodingStep.objects.filter(state=CodingStep.State.DROPPED).count() == 1


def test_it_never_undoes_someone_elses_step(world, place):
    source, theme = place
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    with pytest.raises(ApplicationError, match="nothing of yours to undo"):
        _undo(world, world.co_leader)
    assert Coding.objects.filter(coder=world.leader).count() == 1


def test_it_skips_what_is_gone_and_says_so(world, place):
    source, theme = place
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    history.coding_remove(coding=Coding.objects.get(), by=world.leader)
    theme.active = False
    theme.save()
    outcome = _undo(world, world.leader)
    assert outcome.skipped == 1 and "could not be made" in outcome.message
    assert not Coding.objects.exists()


def test_it_keeps_undo_inside_the_sources_the_person_may_still_see(world, place):
    source, theme = place
    history.coding_apply(source=source, coder=world.leader, themes=[theme], start=0, end=12)
    world.group.leaders.remove(world.leader)
    outcome = _undo(world, world.leader)
    assert outcome.skipped == 1 and Coding.objects.count() == 1
