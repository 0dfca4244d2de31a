"""Names typed without capitals: a Census name after "Dr" that is also a clinical word, a relative's first
name between commas, a first name that is a word before a surname no list holds."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen

CASES = (str, str.lower, str.upper)


def names(text: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == "NAME"]


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after "Dr", a Census name that the screener otherwise reads as a clinical word
        ("Sister in to visit, spoke with Dr. Foley. Remains full code.", "Foley"),
        ("Orders signed on chart by Dr. Art White. Will stop pressors.", "Art White"),
        ("Dr Swan aware of the pressures.", "Swan"),
        # a relative's first name between commas, although the name is also a word
        ("Family: son, Ed, was updated by MD today.", "Ed"),
        ("Daughter, Hope, called twice overnight.", "Hope"),
        # a first name that is also a word, before a surname no list holds and the relation
        ("Hank Przybylo (son) cell 450-928-6612", "Hank Przybylo"),
    ],
)
def test_it_finds_names_in_any_case(change, text: str, expected: str) -> None:
    found = names(change(text))
    assert change(expected) in found, found


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Dr aware of lasix dose, dr pt discussion held.",
        "Wife, who was here, went home; son, also, called.",
        "Son, will call back in the morning.",
    ],
)
def test_it_leaves_ordinary_words_after_titles_and_relatives_alone(change, text: str) -> None:
    assert names(change(text)) == []
