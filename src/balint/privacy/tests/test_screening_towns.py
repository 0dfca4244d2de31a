"""Smaller US towns from GeoNames, hospitals named before their ER, and wards listed among units."""

from __future__ import annotations

import pytest

from balint.privacy.screening.uncased.words import towns
from balint.privacy.testing.screening import CASES, places


def test_the_town_list_is_small_and_holds_no_ordinary_words() -> None:
    listed = towns()
    assert 5_000 < len(listed) < 10_000
    assert {"edgemere", "lansdowne", "bel air", "rockport"} <= listed
    assert not {"california", "maryland", "orange", "normal", "union", "foley", "warren"} & listed


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a town no Census name, found wherever it stands
        ("She has lived near Edgemere since her husband died.", "Edgemere"),
        ("Daughter drove up from Reisterstown tonight.", "Reisterstown"),
        # a town that is also a surname, after "in", "of", "from", "near" or "at"
        ("Lives alone in Lansdowne, daughter nearby.", "Lansdowne"),
        ("Nephew, Neil Meitz of Towson visited today.", "Towson"),
        ("7/23 at Calvert - 2 FFP given.", "Calvert"),
        # a town of two words, one of them ordinary
        ("Husband just started a new job in Bel Air.", "Bel Air"),
        # a town before its state
        ("Records faxed from Rockport, MA this morning.", "Rockport"),
    ],
)
def test_it_finds_smaller_towns_in_any_case(change, text: str, expected: str) -> None:
    found = places(change(text))
    assert change(expected) in found, found


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        # a town's name that is a misspelt cream, a catheter before "in" (Indiana), a state
        "Buttocks red, started on Destin lotion.",
        "Pt has R IJ Quinton in good working order.",
        "Sister in California, phone on the face sheet.",
        # ordinary words after "in", "of", "from"
        "Bleeding from hemorrhoids, stool in bag, out of bed to chair.",
        "Plan: continue lasix 2 times a day.",
    ],
)
def test_it_leaves_words_that_are_towns_alone(change, text: str) -> None:
    assert places(change(text)) == []


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Census names or towns that are words, right before "ER" or "EW", name the hospital
        ("Sent to Warren Grant EW where EKG showed changes.", "Warren Grant"),
        # a ward listed among units, or with its floor after a heading's colon
        ("Documentation from F-MICU/Quartermain/CCU teams reviewed.", "Quartermain"),
        ("Plan: Pobottin 2 this am, pain control.", "Pobottin 2"),
    ],
)
def test_it_finds_hospitals_before_er_and_wards_among_units(change, text: str, expected: str) -> None:
    found = places(change(text))
    assert any(change(expected) in f for f in found), found


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Went to the nearest ER, then brought to local ER.",
        "Seen by MICU/renal team, d/c to CCU/home later.",
        "Neuro: alert 2 x, GI: tolerating 2 cans of tube feed.",
    ],
)
def test_it_leaves_descriptions_of_er_and_units_alone(change, text: str) -> None:
    assert places(change(text)) == []


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Census surname where a place stands, after "in", "at" or "@"
        ('S-"I\'m in the church in Turano" O-Neuro alert', "Turano"),
        ("Had a heart transplant at Schomin Goessl. This friend visited.", "Schomin Goessl"),
        ("Social: lives with son and family in Autry. Also has 4 daughters.", "Autry"),
        # names after "the", which a person's name seldom has
        ("Family arrived at 2 am from the Omer Belcourt - daughter and son.", "Omer Belcourt"),
        # a rehab's name in brackets, above the score of the names it is made of
        ("Pt slated to go to rehab(Cragun Tifft Krimple) today.", "Cragun Tifft Krimple"),
        # a ward with its floor before its nurse, and a ward listed among units, named like a person
        ("NTG gtt at 40. Per Knouff 3 RN, UO only 20cc.", "Knouff 3"),
        ("HPI from F-MICU/Losardo/CCU teams reviewed.", "Losardo"),
    ],
)
def test_it_finds_places_named_like_people(change, text: str, expected: str) -> None:
    found = places(change(text))
    assert any(change(expected) in f for f in found), found


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        # a person's name after "in" with a possessive or a home, a first name, abbreviations after "the"
        "Remains in Smith's care; met at the Cohen family home.",
        "Pt in bed, in pain, continues on the TPN; started to go down on the gtt.",
        "Per lasix 2 rn notes, diuresing well.",
        "Will stay in Maria's room tonight.",
    ],
)
def test_it_leaves_people_and_abbreviations_after_in_and_the_alone(change, text: str) -> None:
    assert places(change(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Census names that are also words, before "hospital" or "rehab" after a preposition or "the"
        ("plans for pt to go this afternoon 4pm, to crews mead hospital.", "crews mead hospital"),
        ("per report from hooks fuller hospital: 83yo male", "hooks fuller hospital"),
        ("believe patient was screened by booth dill rehab today.", "booth dill rehab"),
        # two or more Census names in a row after a move
        ("pt being d/c'd to funk collier garrison at 4:00pm.", "funk collier garrison"),
    ],
)
def test_it_finds_hospitals_named_by_word_names_in_lower_case(text: str, expected: str) -> None:
    assert expected in places(text), places(text)


@pytest.mark.parametrize(
    "text",
    [
        "no signs of bleeding, clot sent to blood bank.",
        "no clots seen in blood pump of rvad.",
        "went to see him, then going to bed soon; will go to rehab today.",
    ],
)
def test_it_leaves_rooms_and_moves_of_ordinary_words_alone(text: str) -> None:
    assert places(text) == []
