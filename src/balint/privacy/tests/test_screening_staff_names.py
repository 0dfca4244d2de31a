"""Clinicians and people named in the social history, whatever the case: titles, staff, "with"."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname that is also an ordinary word, capitalised after a capitalised first name
        ("Orders signed by Dr. Ruth Fox before noon.", "Ruth Fox"),
        # nurse practitioners, nurses and doctors named by their role
        ("DRIP TITRATED PER NP DELIA", "DELIA"),
        ("per rn marguerite the line was flushed", "marguerite"),
        # the social history's first name
        ("social: gus visited in the evening", "gus"),
        # a first name that is also a word, followed by a surname
        ("will consult with sandy brennan about skin care", "sandy brennan"),
    ],
)
def test_it_finds_staff_and_visitors_by_name(text: str, expected: str) -> None:
    assert expected in names(text), names(text)


@pytest.mark.parametrize(
    "text",
    [
        "SOCIAL: SON IN TO VISIT THIS EVENING",
        "PLEASE ALSO SEE MD NOTES FOR DETAILS",
        "social: daughter called twice",
        "rn aware, md notified of the change",
    ],
)
def test_it_leaves_roles_and_instructions_alone(text: str) -> None:
    assert names(text) == []
