"""What the screening tests read of a text: the places or the names the screener marks in it, and the case
styles notes are typed in."""

from __future__ import annotations

from balint.privacy.screening import screen

# As written, all in lower case, all in capitals.
CASES = (str, str.lower, str.upper)


def places(text: str) -> list[str]:
    """The places marked in the text (a street address counts as one)."""
    return [span.text for span in screen(text) if span.kind in {"LOCATION", "ADDRESS"}]


def names(text: str) -> list[str]:
    return [span.text for span in screen(text) if span.kind == "NAME"]
