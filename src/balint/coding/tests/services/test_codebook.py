import pytest

from balint.coding import services
from balint.coding.models import DEFAULT_CATEGORIES, Category, Coding, Theme
from balint.coding.tests.factories import code, make_source, make_theme
from balint.core.errors import ApplicationError


def test_it_keeps_every_coding_when_merging_themes(world):
    source = make_source(world.program)
    keep, old = make_theme(world.program, "Feelings"), make_theme(world.program, "Emotions")
    child = make_theme(world.program, "Anger", parent=old)
    code(source, world.leader, keep, 0, 10)
    code(source, world.leader, old, 0, 10)  # the same decision as above: kept once
    moving = [
        code(source, world.co_leader, old, 0, 10),
        code(source, world.leader, old, 20, 30, perspective="resident"),
    ]
    decisions = {(c.coder_id, c.start, c.end) for c in Coding.objects.all()}

    moved = services.theme_merge(theme=old, into=keep)

    assert moved == 2
    assert {(c.coder_id, c.start, c.end) for c in Coding.objects.all()} == decisions
    for coding in moving:  # moved codings keep their coder, time and perspective
        fresh = Coding.objects.get(pk=coding.pk)
        assert (fresh.coder_id, fresh.created_at, fresh.perspective) == (
            coding.coder_id,
            coding.created_at,
            coding.perspective,
        )
    assert set(Coding.objects.values_list("theme", flat=True)) == {keep.pk}
    old.refresh_from_db()
    child.refresh_from_db()
    assert not old.active and old.merged_into == keep
    assert child.parent == keep


def test_it_refuses_merging_a_theme_into_its_own_sub_theme(world):
    parent = make_theme(world.program, "Parent")
    child = make_theme(world.program, "Child", parent=parent)
    with pytest.raises(ApplicationError):
        services.theme_merge(theme=parent, into=child)


def test_it_splits_off_chosen_codings_only(world):
    source = make_source(world.program)
    theme = make_theme(world.program, "Strategies")
    moving = code(source, world.leader, theme, 0, 10)
    staying = code(source, world.leader, theme, 20, 30)
    new = services.theme_split(theme=theme, name="Narcotic contracts", codings=[moving], as_child=True)
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert moving.theme == new and staying.theme == theme
    assert new.parent == theme
    assert Coding.objects.count() == 2


def test_it_refuses_moving_a_theme_under_its_descendant(world):
    top = make_theme(world.program, "Top")
    middle = make_theme(world.program, "Middle", parent=top)
    with pytest.raises(ApplicationError, match="under itself"):
        services.theme_update(theme=top, data={"parent": middle})
    services.theme_update(theme=middle, data={"parent": None})
    middle.refresh_from_db()
    assert middle.parent is None


def test_it_refuses_a_duplicate_active_name(world):
    make_theme(world.program, "Trust")
    with pytest.raises(ApplicationError, match="already"):
        make_theme(world.program, "Trust")


def test_it_seeds_default_categories_and_a_starter_codebook_once(world):
    services.codebook_starter_create(program=world.program)
    assert [c.name for c in Category.objects.filter(program=world.program)] == DEFAULT_CATEGORIES
    count = Theme.objects.filter(program=world.program).count()
    assert count >= 15
    assert services.codebook_starter_create(program=world.program) == []
    assert Theme.objects.filter(program=world.program).count() == count
    feelings = Theme.objects.get(program=world.program, name="Resident's feelings and reactions")
    assert (
        feelings.category.name == "Balint process" and feelings.parent.name == "Doctor–patient relationship"
    )


def test_it_never_removes_a_category_in_use(world):
    categories = services.categories_ensure(program=world.program)
    make_theme(world.program, "Trust", category=categories[0])
    with pytest.raises(ApplicationError, match="still used"):
        services.categories_set(program=world.program, names=["Something else"])
    services.categories_set(program=world.program, names=[categories[0].name, "Ethics"])
    assert [c.name for c in Category.objects.filter(program=world.program)] == [categories[0].name, "Ethics"]
