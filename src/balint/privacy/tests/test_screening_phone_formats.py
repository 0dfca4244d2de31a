"""Phone numbers are found however they are typed: dots, spaces, extensions, internal numbers."""

from __future__ import annotations

import pytest

from balint.privacy.screening import screen


def phones(text: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == "PHONE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call the daughter at 617-555-0123 ext. 204", "617-555-0123 ext. 204"),
        ("OFFICE 410.555.0178 X22", "410.555.0178 X22"),
        ("son (240555-0191) asked for an update", "240555-0191"),
        ("brother 301 555 01234 can be reached evenings", "301 555 01234"),
        ("page me at x4417 with questions", "x4417"),
        ("nursing supervisor pager 4-5678", "4-5678"),
        ("home # 555 0134, work # 555 0199", "555 0134"),
        ("you can reach her at 555.0142 after six", "555.0142"),
        ("BEEPER NUMBER 60213", "60213"),
        ("wife cell: 202/555/0147", "202/555/0147"),
    ],
)
def test_it_finds_phone_numbers_in_other_formats(text: str, expected: str) -> None:
    assert expected in phones(text)


@pytest.mark.parametrize(
    "text",
    [
        "heparin 1200 units/hr, 1000 cc out",
        "peep 5, tv 550, rate 14",
        "she was reached at 1400 hrs",
        "given 2 units ffp at 0300",
    ],
)
def test_it_does_not_read_doses_and_times_as_phone_numbers(text: str) -> None:
    assert phones(text) == []
