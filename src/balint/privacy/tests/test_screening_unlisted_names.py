"""Names and places that no list holds, read from their place in the sentence, in any case style."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen


def found(text: str, kind: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clinician after a role or a plural title, whatever the case
        ("BP 84/40, NP QUORVEN MADE AWARE", "QUORVEN"),
        ("Drs Talvick and Brennow in to see the patient.", "Talvick"),
        ("DRS TALVICK AND BRENNOW IN TO SEE PT", "BRENNOW"),
        # relatives typed in a hurry: no space, a dash, '(?)', 'in-law'
        ("COPING: SISTER,VELMORA HAS PHONED TWICE", "VELMORA"),
        ("SOCIAL-wife(?) Pellaro in to visit", "Pellaro"),
        # a name before the relation or a phone number, and names joined to a found one
        ("Kestrand Uvarro (son) cell 410-555-0142", "Kestrand Uvarro"),
        ("Sons Dravik, Oloman and Feskor in to visit.", "Feskor"),
        ("spoke with daughter camp who is proxy", "camp"),
        # a signature with its credential, with dots or no space
        ("last abg on above settings. Volina Trask, R.N.", "Volina Trask"),
        ("Pt resting comfortably.\nMirabeth Quone,RN\n", "Mirabeth Quone"),
    ],
)
def test_it_finds_names_no_list_holds(text: str, expected: str) -> None:
    assert expected in found(text, "NAME"), found(text, "NAME")


def test_it_marks_a_relative_in_law_with_the_name() -> None:
    marked = found("social-> pt's dtr-in-law Zarniq Oblevy was in to visit", "NAME")
    assert any("Zarniq Oblevy" in words for words in marked), marked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pt lives with her son in Brascombe and visits weekly.", "Brascombe"),
        ("PT ARRIVED FROM THE VA IN KELSWORTH BY AMBULANCE", "KELSWORTH"),
        ("plan: transfer to Orlenby 4 when a bed opens", "Orlenby 4"),
        ("Pt slated to go to rehab (Havensmoor) today", "Havensmoor"),
    ],
)
def test_it_finds_places_no_list_holds(text: str, expected: str) -> None:
    assert expected in found(text, "LOCATION"), found(text, "LOCATION")


@pytest.mark.parametrize(
    "text",
    [
        "SOCIAL: SON AND DAUGHTER BOTH CALLED AND WERE UPDATED",
        "wife states she will arrive early tomorrow",
        # in mixed case a place after "in" or "from" needs its capital (in lower case it is marked)
        "Breathing in synch with the vent, no changes in abx.",
        "Bleeding from hemrroids, voiding in bedpan.",
        "pt up to the commode with one assist",
        "Percocet 2 tabs given at 0800",
    ],
)
def test_it_leaves_clinical_words_and_misspellings_alone(text: str) -> None:
    assert [(s.kind, s.text) for s in screen(text) if s.kind in ("NAME", "LOCATION")] == []
