"""Dates are read whatever the case they are typed in, without reading ordinary words as months."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen


def dates(text: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == "DATE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow up booked for jan 3 with the clinic", "jan 3"),
        ("FOLLOW UP BOOKED FOR JAN 3 WITH THE CLINIC", "JAN 3"),
        ("her sister arrives on the 3rd of march", "the 3rd of march"),
        ("HER SISTER ARRIVES ON THE 3RD OF MARCH", "THE 3RD OF MARCH"),
        ("he stopped drinking in september", "september"),
        ("seen again tues, october 10 by the group", "tues, october 10"),
        ("the family visited on christmas eve", "christmas eve"),
        ("admitted 21 apr, discharged to rehab", "21 apr"),
        ("first admission was in sept. for chf", "sept."),
        ("the move is planned for may 5th", "may 5th"),
        ("she has been sober since may", "may"),
        ("progress note 2 nov, 96 night shift", "2 nov, 96"),
        ("pmh: mi 92, redo cabg 84, lithium toxicity-9/2/92.", "9/2/92"),
        ("pmh: mi 92, redo cabg 84", "84"),
        ("s/p ptca to rca 12/82. reoccluded later", "12/82"),
        ("she had her first stroke in the 1980s", "1980s"),
    ],
)
def test_it_reads_dates_in_any_case(text: str, expected: str) -> None:
    assert expected in dates(text)


@pytest.mark.parametrize(
    "text",
    [
        "pt may need more lasix tonight",
        "PT MAY NEED MORE LASIX TONIGHT",
        "sat 94% on 2l, dec 2 units of insulin",
        "u/o dec 20 cc/hr since noon",
        "they will march him around the unit",
        "the sun was out and she sat by the window",
    ],
)
def test_it_does_not_read_ordinary_words_as_dates(text: str) -> None:
    assert dates(text) == []
