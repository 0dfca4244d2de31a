"""Clinical text that looks like an identifier but is not one: settings, fractions, clock times, headings,
and ordinary or clinical words (or their misspellings) in a name's or a place's position, in any case."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen


def found(text: str, kind: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == kind]


@pytest.mark.parametrize(
    "text",
    [
        "Pt placed on PSV 10/5 overnight to rest.",  # pressure support over PEEP
        "VENT SETTINGS: PS 12/5 PEEP, 40%",
        "mae 5/5 strength throughout",  # muscle strength
        "ls with rales 1/3 up bilaterally",  # a fraction of the lung fields
        "ivf changed to 140cc/hr of 1/2 ns",
        "BP 84/40 at 2000, increasing with fluids",  # clock times, not years
        "family present till approx 2030.",
        "nursing progress note\n1900 - 0700\n",
        "labs due @ 1900.",
        "HOB 30'. Drain placed at 15cm.",  # degrees, not the year '30
    ],
)
def test_settings_fractions_and_clock_times_are_not_dates(text: str) -> None:
    for style in (str, str.lower, str.upper):
        assert found(style(text), "DATE") == [], (style(text), found(style(text), "DATE"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Transferred to Q3 on 11/17.", "11/17"),
        ("PICC PLACED IN R AC 11/17", "11/17"),  # the antecubital fossa is not a ventilator mode
        ("seen in clinic on 1/2 by her cardiologist", "1/2"),  # a fraction with a date word before it
        ("s/p CABG 1992, MI in 2000", "2000"),
        ("MI 1992", "1992"),
    ],
)
def test_real_dates_and_years_are_still_found(text: str, expected: str) -> None:
    for style in (str, str.lower, str.upper):
        assert expected.lower() in [d.lower() for d in found(style(text), "DATE")], style(text)


def test_a_systems_heading_is_not_an_identifier_context() -> None:
    for text in ("ID: Tmax 100.8 on levo", "id: tm 101.2 r", "ID: T 100.2 (R)", "gi: on bed pan 2-3 times"):
        assert found(text, "ID") == [], text
    assert found("MRN 00482913 was merged in error.", "ID") == ["00482913"]


@pytest.mark.parametrize(
    "text",
    [
        # clinical words and abbreviations after "in", "from", "at": lower case and capitals
        "vent in synch with pt, sats 98%",
        "pt appears in nad, resting",
        "stool in commode, guaiac neg",
        "scant secretions from oett",
        "gnr from bld culture",
        "flexion noted in extremeties only",  # misspelt words after "in" are not places
        "family at bedisde today",
        "looked better from previos film",
    ],
)
def test_clinical_words_after_in_or_from_are_not_places(text: str) -> None:
    for style in (str.lower, str.upper):
        assert found(style(text), "LOCATION") == [], (style(text), found(style(text), "LOCATION"))


@pytest.mark.parametrize(
    "text",
    [
        "pulses by doppler, x3 s. tolerating tube feeds",
        "ABG improving, sats 98%. s. suctioned for thick tan",
        "coccyx reddened, mepilex applied",
    ],
)
def test_clinical_words_are_not_names(text: str) -> None:
    for style in (str.lower, str.upper):
        assert found(style(text), "NAME") == [], (style(text), found(style(text), "NAME"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Con't to work with Kibum for transfer home.", "Kibum"),
        ("CONTACT WAS MADE WITH ZOVOTT TULEMM FROM ETHICS", "ZOVOTT TULEMM"),
        ("lives in Orlenby with her son", None),  # places no list holds are still read in mixed case
    ],
)
def test_names_and_places_no_list_holds_are_still_found(text: str, expected: str | None) -> None:
    if expected is None:
        assert found(text, "LOCATION") == ["Orlenby"]
    else:
        assert any(expected in words for words in found(text, "NAME")), found(text, "NAME")


def test_an_unlisted_place_in_lower_case_is_found_when_its_name_is_long_enough() -> None:
    assert found("her mother is to visit next week from orlenby", "LOCATION") == ["orlenby"]
    assert found("HER MOTHER VISITS FROM ORLENBY", "LOCATION") == ["ORLENBY"]


@pytest.mark.parametrize(
    "text",
    [
        "SATS UPPER 90'S. HEMODY STABLE",  # the s of "90's" is not an initial
        "mso4 gtt 2mg/h. arousable, follows commands",
        "lasix gtt d/c'd. excellent uo on gtt",
        "pt in sr rate 45-60, bp stable",  # sinus rhythm, not "Sr."
        "ms clears slowly, swallow study pending",  # mental status, not "Ms."
        "IV NURSE UNSUCCESSFUL AS WELL",
    ],
)
def test_abbreviations_that_look_like_titles_or_initials_are_not_names(text: str) -> None:
    for style in (str, str.lower, str.upper):
        assert found(style(text), "NAME") == [], (style(text), found(style(text), "NAME"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sister Rose visited this afternoon", "Rose"),
        ("ms halvorsen updated by phone", "halvorsen"),
        ("SR MARY CALLED", "MARY"),
        ("seen by J. O'Brien from cardiology", "J. O'Brien"),
    ],
)
def test_titles_and_initials_still_mark_names(text: str, expected: str) -> None:
    assert any(expected in words for words in found(text, "NAME")), found(text, "NAME")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PRONOUNCED BY DR. L. STAKE. FAMILY AT BEDSIDE", "L. STAKE"),  # a surname that is also a word
        ("pronounced by dr l stake, family at bedside", "l stake"),
        ("Dr. A. White came by", "A. White"),
    ],
)
def test_a_title_with_an_initial_marks_the_surname_after_it(text: str, expected: str) -> None:
    assert expected in found(text, "NAME"), found(text, "NAME")
