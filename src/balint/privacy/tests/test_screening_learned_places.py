"""The learned place model (round 9 of issue 17): a word no rule took counts as a place when the words
around it, the punctuation between them and the lists the word belongs to weigh for one, in any case style
("admitted to Lantern7 w/ CHF", "transferred to Compass MICU"); in text written in mixed case only a
capitalised word. Its features hold no word but those of the public lists, and its weights file too.
Sentences written for these tests."""

from __future__ import annotations

import json
import re

import pytest

from balint.privacy.screening import screen
from balint.privacy.screening.patterns import DATA_DIR
from balint.privacy.screening.uncased import place_model
from balint.privacy.screening.uncased.words import lexicon
from balint.privacy.testing.screening import CASES, names, places


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ordinary word as a ward or hospital, its floor written against it
        ("Pt is a 77 yo man admitted to Lantern7 w/ CHF exacerbation.", "Lantern"),
        ("Plan to get OOB, then transfer to Meadow2 this afternoon.", "Meadow"),
        ("78 yo woman admitted to Pioneer7 with CHF.", "Pioneer"),
        ("Admitted to Falcon5 for tele monitoring.", "Falcon"),
        # ... before the unit it was sent to there
        ("Pt was transferred to Compass micu for possible TIPS.", "Compass"),
        ("Transferred to Anchor CCU for cath in am.", "Anchor"),
        ("Transferred from Willow micu this am.", "Willow"),
        # ... before the date the patient went there
        ("Pt was taken to Prairie on 4/2 with chest pain.", "Prairie"),
    ],
)
def test_it_finds_places_that_only_their_context_tells(change, text: str, expected: str) -> None:
    assert change(expected) in places(change(text))


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Pt admitted to ICU 11/15 with sepsis.",
        "Transferred to floor 7 this afternoon.",
        "Pt wanted to leave hospital and sign out AMA.",
        "Plan to start on ceftriaxone tonight.",
        "Transferred to chair x2 today, tolerated well.",
        "Awaiting new formula from the kitchen.",
        "Pt went to sleep at 2200 and slept well.",
        "Sent to CT for head scan, returned at 1500.",
        "Wife went to lunch and will be back at 1300.",
        "Pt returned to baseline by morning.",
        "Family went to cafeteria for dinner.",
        "Transferred to stretcher then to OR.",
        "Changed to nasal cannula 4L this am.",
        "Pt admitted to feeling anxious last night.",
        "Sent to pharmacy for approval.",
        "Titrated to goal MAP 65 overnight.",
    ],
)
def test_ordinary_sentences_stay_unmarked(change, text: str) -> None:
    assert places(change(text)) == []


def test_in_mixed_case_text_only_a_capitalised_word_is_taken() -> None:
    assert "Lantern" in places("Pt is a 77 yo man admitted to Lantern7 w/ CHF exacerbation.")
    assert places("Pt is a 77 yo man admitted to lantern7 w/ CHF exacerbation.") == []


def test_the_rules_go_first() -> None:
    # the model's places have the lowest score of all, so a word a rule took keeps the rule's kind
    text = "transferred to compass micu for possible tips, seen by dr hughes"
    assert names(text) == ["hughes"]
    assert [(span.text, span.score) for span in screen(text) if span.kind == "LOCATION"] == [("compass", 0.5)]


def test_features_hold_no_word_outside_the_public_lists() -> None:
    listed = lexicon()[2] | place_model._PLACE_WORDS
    features = place_model.token_features("sent to zyxqville7 w/ chf, wife qworpa called from blenkhamton.")
    words = {
        w for _, _, _, fs in features for f in fs for w in re.findall(r"[a-z][a-z'’-]+", f.split("=", 1)[-1])
    }
    assert not any(w in words for w in ("zyxqville", "qworpa", "blenkhamton"))
    weights = json.loads((DATA_DIR / place_model.MODEL_FILE).read_text(encoding="utf-8"))["weights"]
    named = {w for f in weights for w in re.findall(r"[a-z][a-z'’-]+", f.split("&")[-1].split("=", 1)[-1])}
    classes = {"sp", "nl", "none", "start", "end", "edge", "name", "common", "vocab", "wordname", "first"}
    classes |= {
        "surname",
        "frequent",
        "city",
        "town",
        "clinical",
        "function",
        "service",
        "placeword",
        "state",
    }
    classes |= {"unknown", "wordish"}
    assert named - classes <= listed
