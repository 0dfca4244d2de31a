"""Surnames that are also ordinary words ("Brown", "Castle", "Rock"), found from the words around them in
every case style: after "per", a staff role or an initial, after a first name, in a signature, in pairs."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen
from balint.privacy.testing.screening import names

CASES = [
    # after "per" and a staff role, one of the 3,000 most frequent Census surnames
    ("Lasix held for now per Butcher, will recheck at noon.", "Butcher"),
    ("Tube pulled back 2 cm per NP Rock.", "Rock"),
    ("Hct 24, NP Grimes aware.", "Grimes"),
    # a relative named by a surname that is a word
    ("Social: daughter Watts in this evening, updated.", "Watts"),
    ("Nephew, White Zawadzki of the county visited.", "White Zawadzki"),
    # a first name followed by a surname that is also a word
    ("Dtr-in-law Rita Hickey was in to visit last night.", "Rita Hickey"),
    # two Census names before a verb of coming, a signature with a comma and no space
    ("Khan Marsh arrived at 11 pm for the night shift.", "Khan Marsh"),
    ("Father updated on his condition.  Sample Woods,RN", "Sample Woods"),
    ("Vent unchanged overnight.\nUrban Merchant CRT", "Urban Merchant"),
    # names joined to a relative's or a clinician's, a title with a first name and a surname that is a word
    ("Daughters Fry and Painter in to visit.", "Painter"),
    ("Dr. Hart Cox (his pcp) was in to check on him.", "Hart Cox"),
    ("Could not reach her sister, name is Meek, phone in the book.", "Meek"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
@pytest.mark.parametrize("style", ["as written", "lower", "upper"])
def test_it_finds_surnames_that_are_words_in_every_case(text: str, expected: str, style: str) -> None:
    change = {"as written": str, "lower": str.lower, "upper": str.upper}[style]
    found = [name.lower() for name in names(change(text))]
    assert any(expected.lower() in name for name in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Runs of VT. W. Crisp aware, magnesium given.", "W. Crisp"),
        ("Reported to D. Castle. Coags ok.", "D. Castle"),
    ],
)
def test_it_finds_an_initial_and_a_surname_that_is_a_word(text: str, expected: str) -> None:
    # Only with a capital initial: in text all lower case "d. castle" is left to the writer.
    assert expected in names(text), names(text)
    assert expected.upper() in names(text.upper()), names(text.upper())


@pytest.mark.parametrize(
    "text",
    [
        "K+ repletion as per flow. Vent settings per flow.",
        "Restarted insulin at 1 u/hr per scale.",
        "Weak NP cough, occasional np cough overnight.",
        "Get PA numbers, CO/CI and PA sat.",
        "Neuro: A&O. Pleasant and cooperative.",
        "GI NPO, abd soft\nA. end stage CHF\nP. family meeting",
        "Will call case mgmt in the morning.",
    ],
)
def test_it_leaves_clinical_words_in_those_places_alone(text: str) -> None:
    for variant in (text, text.lower(), text.upper()):
        assert names(variant) == [], names(variant)


def places(text: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == "LOCATION"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presenting to Franklin Square with acute sob.", "Franklin Square"),
        ("Family arrived at 2 am from the Eastern Shore.", "Eastern Shore"),
        ("Left the unit for radiation planning on North Campus.", "North Campus"),
    ],
)
def test_it_finds_a_place_named_with_its_kind(text: str, expected: str) -> None:
    assert expected in places(text), places(text)
    assert expected.upper() in places(text.upper()), places(text.upper())
    assert expected.lower() in places(text.lower()), places(text.lower())


def test_a_clinical_word_before_a_place_kind_is_no_place() -> None:
    for text in (
        "Sacral area reddened, the pressure point on the heel.",
        "Sent to the shore for the weekend.",
    ):
        assert places(text) == [] and places(text.upper()) == [], places(text)
