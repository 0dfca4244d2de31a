import pytest

from balint.coding import services
from balint.coding.models import Coding
from balint.coding.tests.factories import make_source, make_theme
from balint.coding.units import split_units
from balint.core.errors import ApplicationError

# An emoji family (ZWJ sequence, 5 code points), a flag (2), a letter with two combining marks,
# Hebrew and Arabic (right-to-left) text.
UNICODE_TEXT = "Start 👨‍👩‍👧 and 🇨🇦. Café́̃ was named.\n\nשלום עליכם said the patient. مرحبا بكم again."


def test_it_stores_code_point_offsets_that_survive_emoji_combining_marks_and_rtl(world):
    source = make_source(world.program, text=UNICODE_TEXT)
    theme = make_theme(world.program, "Greeting")
    for fragment in ["👨‍👩‍👧 and 🇨🇦", "Café́̃", "שלום עליכם", "مرحبا بكم"]:
        start = UNICODE_TEXT.index(fragment)
        end = start + len(fragment)
        [coding] = services.coding_create(
            source=source, coder=world.leader, themes=[theme], start=start, end=end, quote=fragment
        )
        coding.refresh_from_db()
        assert source.text[coding.start : coding.end] == fragment == coding.quote


def test_it_refuses_utf16_offsets_that_do_not_match_the_quote(world):
    source = make_source(world.program, text=UNICODE_TEXT)
    theme = make_theme(world.program, "Greeting")
    fragment = "Café́̃ was named."
    start = UNICODE_TEXT.index(fragment)
    utf16_start = len(UNICODE_TEXT[:start].encode("utf-16-le")) // 2  # what a careless browser would send
    with pytest.raises(ApplicationError, match="does not match"):
        services.coding_create(
            source=source,
            coder=world.leader,
            themes=[theme],
            start=utf16_start,
            end=utf16_start + len(fragment),
            quote=fragment,
        )
    assert Coding.objects.count() == 0


def test_it_maps_unicode_spans_onto_sentence_units(world):
    units = split_units(text=UNICODE_TEXT, granularity="sentence")
    texts = [u.text(UNICODE_TEXT) for u in units]
    assert "שלום עליכם said the patient." in texts


def test_it_applies_several_themes_at_once_and_ignores_a_double_submit(world):
    source = make_source(world.program)
    a, b = make_theme(world.program, "A"), make_theme(world.program, "B")
    first = services.coding_create(source=source, coder=world.leader, themes=[a, b], start=0, end=10)
    again = services.coding_create(source=source, coder=world.leader, themes=[a, b], start=0, end=10)
    assert {c.pk for c in first} == {c.pk for c in again}
    assert Coding.objects.count() == 2
    assert all(c.coder == world.leader and c.created_at for c in first)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (8, 3), (0, 10_000)])
def test_it_refuses_spans_outside_the_text(world, start, end):
    source = make_source(world.program)
    theme = make_theme(world.program, "A")
    with pytest.raises(ApplicationError):
        services.coding_create(source=source, coder=world.leader, themes=[theme], start=start, end=end)
    assert Coding.objects.count() == 0


def test_it_refuses_a_theme_of_another_program(world):
    source = make_source(world.program)
    foreign = make_theme(world.other_program, "Foreign")
    with pytest.raises(ApplicationError, match="not an active theme"):
        services.coding_create(source=source, coder=world.leader, themes=[foreign], start=0, end=5)


def test_it_lets_only_the_coder_remove_a_coding(world):
    source = make_source(world.program)
    [coding] = services.coding_create(
        source=source, coder=world.leader, themes=[make_theme(world.program, "A")], start=0, end=5
    )
    with pytest.raises(ApplicationError):
        services.coding_delete(coding=coding, by=world.co_leader)
    services.coding_delete(coding=coding, by=world.leader)
    assert not Coding.objects.exists()
