"""Places named by Census names that are also words (round 6 of issue 17): wards with their floor after a
move, where a person lives, and a rehab named by word-names. Sentences written for these tests."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import CASES, places


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ward with its floor after a move, a plan or a nurse, named by a word-name
        ("Plan: transfer to Flowers 2 in the morning.", "Flowers 2"),
        ("Pt transferred to Wise 5. Neuro intact.", "Wise 5"),
        ("Admitted to Peck 7 at 04:00 with confusion.", "Peck 7"),
        ("Belongings found from Leach 5.", "Leach 5"),
        ("Plan: Sample 2 this am, pain control.", "Sample 2"),
        ("Per Storey 3 RN, urine output only 20cc.", "Storey 3"),
        ("Went into heart block on Peters 2 with a rate of 40.", "Peters 2"),
        # where a person lives
        ("Married, lives in Bright, husband did not come in.", "Bright"),
        ("Her son lives nearby in Rushing and will be in later.", "Rushing"),
        ("Lives with son and family in Carver.", "Carver"),
        ("Husband, who is home in Gage, was called overnight.", "Gage"),
        ("Currently in a homeless shelter in Rushing area.", "Rushing"),
        # a rehab named by word-names after a preposition
        ("Could have rehabilitation services at Staples Rehab.", "Staples Rehab"),
        ("Admitted from Hooker Rehab, where she was recovering.", "Hooker Rehab"),
        # a second ward offered, word-names after "at the"/"from the" before a close, a rehab in brackets
        ("Will transfer to Looney 2 or Dent 3.", "Dent 3"),
        ("She said: I'm at the Laws Dowdy. It's the 11th.", "Laws Dowdy"),
        ("Family arrived from the Foreman Craven- daughter first.", "Foreman Craven"),
        ("Slated to go to rehab (Silver Miles Swain) today.", "Silver Miles Swain"),
        # a saint's name that is a word, where a relative is from
        ("Was accepted by St. Duke but cannot leave until Monday.", "St. Duke"),
        ("Daughter Grace of Roman visited during the evening.", "Roman"),
        ("Husband CEO of Zentrix. Smoker.", "Zentrix"),
        # a direction before a hospital's own name; a town before its state's possessive, also in capitals
        ("Medflight from Greater Baltimore Med Ctr for further work-up.", "Greater Baltimore Med Ctr"),
        ("Given an overview of this Towson Maryland's facility.", "Towson"),
        # a surname no town list holds before a state written in full; a relative's town above a name
        ("Given an overview of this Pritchett Maryland's facility.", "Pritchett"),
        ("Daughter Grace of Sanford visited during the evening.", "Sanford"),
        # a nursing home named by a word-name, before what says so
        ("89 y.o. woman, Rivers House NH resident, admitted today.", "Rivers House"),
    ],
)
def test_it_finds_places_named_by_word_names(change, text: str, expected: str) -> None:
    assert change(expected) in places(change(text))


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Went to sleep 2 hours ago, back to sleep 3 times overnight.",
        "Transferred to chair x2 with assist of 2.",
        "Sent to lab 2 tubes; given 2 units of blood.",
        "Pt went to bed 2 am, up at 6.",
        "Remains on pod 2 with good pain control.",
        "She was started on heparin 1 pm, ptt due at 7 pm.",
        "Lives in fear of falling again.",
        "Family in good spirits, family in last night and updated.",
        "Family in during evenings, family to bring in dentures.",
        "Lives in assisted living; lives in senior housing; lives in a house with his wife.",
        "Pt to go to short term rehab, referred to cardiac rehab.",
        "Ci dropped, did not go below 2 md aware.",
        "NSR to ST in the 100s, sr to st. high pressures resolved.",
        "Lung sounds dim in the right base, edema from lower shoulder to axilla.",
        "Call from John Brown today; the patient goes to HD at the same time.",
        "Switched from face mask to nasal cannula; equal pressures in both arms.",
        "Decided to make the patient comfort measures only.",
        "A group home resident; a nursing home resident; went to her own home nh.",
    ],
)
def test_it_leaves_ordinary_moves_and_homes_alone(change, text: str) -> None:
    assert places(change(text)) == []
