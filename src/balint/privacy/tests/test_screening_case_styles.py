"""The screener reads identifiers typed in any case style: lower case, capitals, in a hurry."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.kind) for span in screen(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names written in lower case and in capitals, from the Census tables
        ("pt seen with gwendolyn at bedside", ("gwendolyn", "NAME")),
        ("FAMILY MEETING WITH GWENDOLYN TOMORROW", ("GWENDOLYN", "NAME")),
        # relatives, whatever their case, even when the name is also a word
        ("son bill called twice overnight", ("bill", "NAME")),
        ("DAUGHTER GRACE UPDATED BY PHONE", ("GRACE", "NAME")),
        ("wife, ottilie, stayed late", ("ottilie", "NAME")),
        ("Husband Radomir asked about the plan.", ("Radomir", "NAME")),
        # clinicians with titles, signatures and initials
        ("dr small aware of the pressures", ("small", "NAME")),
        ("DR PENNYWORTH NOTIFIED", ("PENNYWORTH", "NAME")),
        ("reviewed w/dr castellanos", ("castellanos", "NAME")),
        ("Dr.Whitcombe aware", ("Whitcombe", "NAME")),
        ("no events overnight.  t. hollingsworth rrt", ("t. hollingsworth", "NAME")),
        # hospitals and places
        ("arrived from MERCYVALE HOSPITAL by ambulance", ("MERCYVALE HOSPITAL", "LOCATION")),
        ("to go to st. agnes rehab in the morning", ("st. agnes rehab", "LOCATION")),
        ("lives in catonsville with her sister", ("catonsville", "LOCATION")),
        # years on their own and month/year
        ("s/p cabg '97, pacer 2004", ("'97", "DATE")),
        ("S/P CABG '97, PACER 2004", ("2004", "DATE")),
        ("avr 8/88 without trouble", ("8/88", "DATE")),
        # phone numbers in other formats
        ("questions: pager #40417", ("40417", "PHONE")),
        ("son (410 555 01234) wants a call", ("410 555 01234", "PHONE")),
        ("CALL 410.555.0134 WITH RESULTS", ("410.555.0134", "PHONE")),
    ],
)
def test_it_finds_identifiers_in_any_case_style(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "pt will be seen by the team; bp stable, foley draining well, swan removed.",
        "PT WILL BE SEEN BY THE TEAM; BP STABLE, FOLEY DRAINING WELL.",
        "the resident felt angry and brought it to the group daily.",
        "st elevations resolved; 1st degree avb.",
        "heparin 1100 units, 2000 cc out since midnight.",
    ],
)
def test_it_leaves_ordinary_clinical_words_alone(text: str) -> None:
    assert {kind for _, kind in found(text)} <= {"DATE"} and not [
        span for span in screen(text) if span.kind in {"NAME", "LOCATION"}
    ]


def test_it_screens_a_thousand_word_note_whole() -> None:
    # Its speed is measured by bench/screening_quality.py (BENCHMARKS.md), not timed here.
    sentence = (
        "pt seen by dr whitcombe, wife ottilie at bedside; transferred from mercyvale hospital 7/22, "
        "s/p cabg '97. call 410-555-0134. the group talked about trust and feeling stuck with this patient. "
    )
    note = " ".join([sentence] * (1000 // len(sentence.split()) + 1))
    assert len(note.split()) >= 1000
    spans = screen(note)
    assert sum(span.kind == "NAME" for span in spans) >= 2 * (1000 // len(sentence.split()))
