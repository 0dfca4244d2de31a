"""Places named by ordinary words, found in lower case and capitals where only a place stands (round 7 of
issue 17): a hospital, a medical centre or a rehab named after a preposition or a move, a ward with its floor
right after "transfer to", the short forms of big cities, and a town after a second preposition. Sentences
written for these tests."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import CASES, places


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hospital or medical centre named by one or two ordinary words after "from", "at" or a move + "to"
        ("Pt transferred from Lantern Hospital for pancreatitis.", "Lantern Hospital"),
        ("Per report from Willow Crossing Hospital: 80yo male.", "Willow Crossing Hospital"),
        ("Medflight from Sixteenth Street Med Ctr for further work-up.", "Sixteenth Street Med Ctr"),
        ("She went via ambulance to St. Anchor Hospital and was given iv cardizem.", "St. Anchor Hospital"),
        ("Son brought him to Mercy Hosp. where he was treated.", "Mercy Hosp"),
        ("She had her first cath at Providence Medical Center.", "Providence Medical Center"),
        # a rehab named by an ordinary word
        ("Dtr hopes he could have rehab services at Lantern Rehab.", "Lantern Rehab"),
        ("Pt was happy at Meadowlark Rehab and wishes to return.", "Meadowlark Rehab"),
        # a ward named by an ordinary word, with its floor, right after "transfer to" / "transferred from"
        ("Plan: transfer to Garden 5 (telemetry bed), restart beta-blocker.", "Garden 5"),
        ("83 yr old transferred from Tower 3 today s/p intubation.", "Tower 3"),
        # the short forms of big cities, also after a second preposition ("from the va in balt")
        ("Pt arrived via EMS with RN from the VA in Balt", "Balt"),
        ("Son lives in Philly and will fly in tomorrow.", "Philly"),
        ("Daughter is driving down from NYC tonight.", "NYC"),
        ("Records are coming from the clinic in Towson today.", "Towson"),
    ],
)
def test_it_finds_places_named_by_ordinary_words(change, text: str, expected: str) -> None:
    assert change(expected) in places(change(text))


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Pt wanted to leave hospital and sign out AMA.",
        "Pt went to outside hospital with chest pain; husband admitted to local hospital.",
        "Placed on SIMV as at other hospital; transferred from an acute hospital last week.",
        "Pt is oriented to self and hospital; he knows he is in the hospital.",
        "Pt to go to short term rehab, referred to cardiac rehab, continue pulmonary rehab.",
        "Pt discharged to acute rehab; was O2 dependent at prev rehab site.",
        "Anticipate transfer to floor 3 tomorrow; transferred to chair x2 with assist of 2.",
        "Pt transferred to bed 2 in the unit; transfer to level 2 care.",
    ],
)
def test_it_leaves_kinds_of_hospital_and_ordinary_transfers_alone(change, text: str) -> None:
    assert places(change(text)) == []
