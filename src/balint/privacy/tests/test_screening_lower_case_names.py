"""Names typed without capitals: a Census name after "Dr" that is also a clinical word, a relative's first
name between commas, a first name that is a word before a surname no list holds."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import CASES, names


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative after a plural relative and a comma: the second relative's name is found too
        ("social: has two daughters,daughter razor in today and spoke with md", "razor"),
        # a short surname that is a word, although its ending looks like a word's
        ("daughter tent called, updated on plan", "tent"),
        # two Census names that are words after a relative, then a close
        ("social: husband collier garrison in to visit.", "collier garrison"),
        ("md will call son hicks cope has phoned twice", "hicks cope"),
        # a relative's name before "made aware", "has phoned", "consented"
        ("son muse consented for peg placement", "muse"),
        # an initial and a surname that is a word, in text typed all in lower case
        ("hr 100's with 1st degree avb. reported to d. savage. resp: acidotic", "d. savage"),
    ],
)
def test_it_finds_word_names_in_lower_case_text(text: str, expected: str) -> None:
    found = names(text)
    assert expected in found, found


@pytest.mark.parametrize(
    "text",
    [
        "she still speaks of her mother daily.",
        "wife and daughter in to visit, son, daughter, wife here",
        "plan: a. fib rate controlled. s. tolerating diet.",
        "resp: ls clear. b. sounds present, d. stick 140.",
    ],
)
def test_it_leaves_ordinary_words_in_lower_case_text_alone(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first name that is also a word, joined to a name before a close
        ("Both Suzette and Hank are his appointed health care proxy.", "Hank"),
        ("Sons Morris and Roger in to visit.", "Roger"),
        # a title, a first name, then a surname that is a word
        ("Dr Ferdinand Halfpenny and Dr Sarah Odell spoke with family.", "Ferdinand Halfpenny"),
        # after "name is", whatever follows
        ("Wife cannot be reached; her name is Poke, phone in the book.", "Poke"),
    ],
)
def test_it_finds_joined_and_titled_word_names(change, text: str, expected: str) -> None:
    assert change(expected) in names(change(text))


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Her name is pending; the name is unknown.",
        "Dr aware, dr called and said to hold.",
        "Both arms and legs are cool.",
        "Pressure and will continue to monitor.",
    ],
)
def test_it_leaves_ordinary_words_after_and_and_name_is_alone(change, text: str) -> None:
    assert names(change(text)) == []
