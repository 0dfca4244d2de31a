import pytest

from balint.coding.access import visible_sources
from balint.coding.models import Coding, CodingStep
from balint.coding.search import SearchQuery
from balint.coding.services import autocode, history
from balint.coding.tests.factories import code, make_source, make_theme
from balint.core.errors import ApplicationError
from balint.programs.access import roles_for

TEXT = (
    "We spoke of trust. The resident felt cornered.\n\n"
    "Trust came back later. Trust again, in the same paragraph.\n\n"
    "Nothing here."
)


@pytest.fixture
def setting(world):
    source = make_source(world.program, text=TEXT)
    theme = make_theme(world.program, "Trust")
    sources = visible_sources(roles_for(world.leader.user, world.program))
    return source, theme, sources


def _plan(world, sources, theme, unit, text="trust"):
    return autocode.autocode_plan(
        sources=sources, query=SearchQuery(text=text), theme=theme, unit=unit, coder=world.leader
    )


@pytest.mark.parametrize(
    ("unit", "passages"),
    [
        ("hit", ["trust", "Trust", "Trust"]),
        ("sentence", ["We spoke of trust.", "Trust came back later.", "Trust again, in the same paragraph."]),
        ("paragraph", ["We spoke of trust. The resident felt cornered.", TEXT.split("\n\n")[1]]),
    ],
)
def test_it_plans_the_hit_its_sentence_or_its_paragraph(world, setting, unit, passages):
    _, theme, sources = setting
    plan = _plan(world, sources, theme, unit)
    assert [p.text for p in plan.passages] == passages
    assert plan.hits == 3 and plan.sources == 1


def test_it_codes_the_plan_as_one_undoable_step(world, setting):
    source, theme, sources = setting
    code(source, world.leader, theme, 0, TEXT.index(" The resident"))  # the first sentence, already coded
    outcome = autocode.autocode_apply(
        sources=sources,
        query=SearchQuery(text="trust"),
        theme=theme,
        unit="sentence",
        coder=world.leader,
        expected=3,
    )
    assert (outcome.created, outcome.already) == (2, 1)
    step = CodingStep.objects.get(kind=CodingStep.Kind.AUTOCODE)
    assert step.label == "Auto-code “Trust” on 2 sentences in 1 source"
    assert "quote" not in str(step.changes) and "again" not in str(step.changes)
    assert Coding.objects.filter(theme=theme).count() == 3

    history.step_undo(program=world.program, person=world.leader, sources=sources)
    assert Coding.objects.filter(theme=theme).count() == 1
    history.step_redo(program=world.program, person=world.leader, sources=sources)
    assert sorted(Coding.objects.filter(theme=theme).values_list("start", flat=True)) == [
        0,
        TEXT.index("Trust came"),
        TEXT.index("Trust again"),
    ]


def test_it_refuses_when_the_passages_changed_since_the_preview(world, setting):
    _, theme, sources = setting
    with pytest.raises(ApplicationError, match="changed since the preview"):
        autocode.autocode_apply(
            sources=sources,
            query=SearchQuery(text="trust"),
            theme=theme,
            unit="hit",
            coder=world.leader,
            expected=2,
        )
    assert not Coding.objects.exists() and not CodingStep.objects.exists()


def test_it_refuses_a_retired_theme_and_an_unknown_unit(world, setting):
    _, theme, sources = setting
    with pytest.raises(ApplicationError, match="sentence or its paragraph"):
        _plan(world, sources, theme, "word")
    theme.active = False
    theme.save()
    with pytest.raises(ApplicationError, match="no longer an active theme"):
        _plan(world, sources, theme, "hit")


def test_it_refuses_a_plan_too_large(world, setting, monkeypatch):
    _, theme, sources = setting
    monkeypatch.setattr(autocode, "MAX_PASSAGES", 2)
    with pytest.raises(ApplicationError, match="narrow the search"):
        _plan(world, sources, theme, "hit")
