"""Hospitals, wards and towns are found by their shape, in any case: names, initials, saints, states."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import CASES, places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hospital's initials after "to", "at", "from", or before its emergency room
        ("medflighted to BWMC for an urgent cath", "BWMC"),
        ("she was first seen at jmh last spring", "jmh"),
        ("brought in from TCH EW by ambulance", "TCH"),
        # saints and devotions, even when the words are ordinary ones
        ("accepted at sacred heart for rehab", "sacred heart"),
        ("HAS A BED AT HOLY FAMILY TOMORROW", "HOLY FAMILY"),
        # a plain word before "hospital" that names it, in capitals
        ("TRANSFERRED FROM WOODLAWN HOSPITAL LAST NIGHT", "WOODLAWN HOSPITAL"),
        # capitalised places after a move in mixed case, although the word is also ordinary
        ("The patient went to Harbor for a second opinion.", "Harbor"),
        # universities, areas, towns before a state, wards with a floor
        ("insulin per univ of vermont protocol", "univ of vermont"),
        ("lives in a shelter in the brambleton area", "brambleton"),
        ("records were sent from FREDERICK, MD", "FREDERICK"),
        ("will transfer to Pemberton 4 when a bed opens", "Pemberton 4"),
    ],
)
def test_it_finds_hospitals_and_places(text: str, expected: str) -> None:
    assert any(expected in found or found in expected for found in places(text)), places(text)


@pytest.mark.parametrize(
    "text",
    [
        "pt sent to the outside hospital for an mri",
        "LEAVE HOSPITAL WHEN STABLE",
        "ETOH LEVEL PENDING, NO TOUCH PRECAUTIONS",
        "taken to radiology, then back to the floor",
        "2 u prbc given for hct 24",
        "sent to angio this morning",
    ],
)
def test_it_leaves_descriptions_of_hospitals_alone(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ward with its floor at a sentence's end (the full stop used to stop the rule)
        ("Pt to go to Pemberton 6.", "Pemberton"),
        ("Plan: transfer to Pemberton 2. Increase activity.", "Pemberton"),
        # a hospital named by an ordinary word that names a place, after going, "from" or "at"
        ("Pt went to Harbor on 3/6 with abdominal pain.", "Harbor"),
        ("Surgeon from Harbor in this eve to talk to pt.", "Harbor"),
        ("Plan unclear after the meeting at Fairview today.", "Fairview"),
    ],
)
def test_wards_at_a_sentence_end_and_hospitals_named_by_ordinary_words(
    change, text: str, expected: str
) -> None:
    found = places(change(text))
    assert any(change(expected) in place for place in found), found


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Wound continues to harbor MRSA per ID.",
        "Pain kept at bay with prn dilaudid.",
        "Increase to 2.5 mg at hs.",
        "Grove of trees outside the window, pt enjoys the view.",
    ],
)
def test_ordinary_place_words_and_doses_are_left_alone(change, text: str) -> None:
    assert places(change(text)) == []


@pytest.mark.parametrize("change", (str, str.lower))
def test_a_town_before_its_state_with_a_possessive(change) -> None:
    found = places(change("Given a brief overview of this Towson Maryland's facility."))
    assert change("Towson") in found, found
