"""Split a source's plain text into units of analysis and map coded spans onto them.

Offsets are Python ``str`` indices (Unicode code points), the same unit highlights store. An emoji
built from several code points, or a letter followed by a combining mark, spans several indices;
a browser's JavaScript offsets (UTF-16) must be converted before they reach this module.

Granularities:

- ``source``: the whole text is one unit.
- ``paragraph``: paragraphs are separated by a blank line (a line holding only whitespace) or by a
  Unicode paragraph separator (U+2029). A single newline does NOT start a paragraph, because
  transcribed answers and pasted notes are often hard-wrapped at a fixed width.
- ``sentence``: sentences never cross a paragraph break; inside a paragraph a regex finds
  ``.``, ``!``, ``?``, ``…``, ``؟`` (followed by whitespace) or ``。！？`` (no whitespace needed) and
  keeps the sentence going after titles (Dr., Mrs.), Latin abbreviations (e.g., i.e., cf.),
  initials (J. Smith), ``No. 5``-style references, list markers at the start of a line (``1. Wash``)
  and whenever the next word starts with a lowercase letter. Decimals (3.5) never split because no
  whitespace follows the point.

Every unit is trimmed of surrounding whitespace; text holding only whitespace has no units.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Granularity(StrEnum):
    SOURCE = "source"
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Unit:
    index: int
    start: int
    end: int

    def text(self, source: str) -> str:
        """Return this unit's text out of the source it was split from."""
        return source[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class CodedSpan:
    start: int
    end: int
    theme_id: Hashable
    coder: Hashable


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*|\u2029\s*")
_TERMINATOR = re.compile(r"[.!?…؟。！？]+[\"'”’»)\]]*")
_NO_SPACE_TERMINATORS = frozenset("。！？")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["

# Never end a sentence: they announce the word that follows.
_ABBREVIATIONS = frozenset(
    {
        "dr", "drs", "mr", "mrs", "ms", "mx", "prof", "rev", "hon", "st", "mt", "gen", "col", "capt",
        "lt", "sgt", "fr", "e.g", "eg", "i.e", "ie", "cf", "vs", "viz", "approx", "ca", "incl", "esp",
        "resp", "dept", "univ",
    }
)  # fmt: skip
# End a sentence only when something other than a number follows: "No. 5", "p. 12", "Jan. 2024".
_NUMBER_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "nr", "p", "pp", "fig", "figs", "vol", "ch", "sec", "art", "ref", "tel", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip


def split_units(*, text: str, granularity: Granularity | str) -> list[Unit]:
    """Split text into trimmed, non-overlapping units numbered from 0 in reading order."""
    granularity = Granularity(granularity)
    if granularity is Granularity.SOURCE:
        bounds = [b for b in [_trim(text, 0, len(text))] if b]
    elif granularity is Granularity.PARAGRAPH:
        bounds = _paragraphs(text)
    else:
        bounds = [s for start, end in _paragraphs(text) for s in _sentences(text, start, end)]
    return [Unit(index=i, start=start, end=end) for i, (start, end) in enumerate(bounds)]


def themes_by_unit(
    *,
    units: Sequence[Unit],
    spans: Iterable[CodedSpan],
    coders: Iterable[Hashable] = (),
    min_overlap: float = 0.0,
) -> dict[Hashable, dict[int, set[Hashable]]]:
    """Return coder -> unit index -> themes, with every unit present (possibly empty) for every coder.

    A theme counts for a unit when the coder's spans of that theme overlap the unit by at least one
    character and, when ``min_overlap`` > 0, cover at least that fraction of the unit's characters
    (several spans of the same theme by the same coder are merged first, so two halves add up).
    ``coders`` lists coders who coded the source but may have applied nothing: they still get every
    unit with an empty set, which the agreement module reads as "coded, theme absent".
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError("min_overlap must be a fraction between 0 and 1.")
    spans = list(spans)
    for span in spans:
        if span.start < 0 or span.end < span.start:
            raise ValueError(f"Span {span.start}-{span.end} is not a valid character range.")
    all_coders = list(dict.fromkeys([*coders, *(span.coder for span in spans)]))
    result: dict[Hashable, dict[int, set[Hashable]]] = {
        c: {u.index: set() for u in units} for c in all_coders
    }

    intervals: dict[tuple[Hashable, Hashable], list[tuple[int, int]]] = {}
    for span in spans:
        intervals.setdefault((span.coder, span.theme_id), []).append((span.start, span.end))
    for (coder, theme), ranges in intervals.items():
        merged = _merge(ranges)
        for unit in units:
            covered = sum(max(0, min(end, unit.end) - max(start, unit.start)) for start, end in merged)
            if covered >= 1 and covered >= min_overlap * len(unit):
                result[coder][unit.index].add(theme)
    return result


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append(_trim(text, position, match.start()))
        position = match.end()
    bounds.append(_trim(text, position, len(text)))
    return [b for b in bounds if b]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds = []
    sentence_start = start
    for match in _TERMINATOR.finditer(text, start, end):
        if match.end() < end and _is_sentence_end(text, start, end, match):
            bounds.append(_trim(text, sentence_start, match.end()))
            sentence_start = match.end()
    bounds.append(_trim(text, sentence_start, end))
    return [b for b in bounds if b]


def _is_sentence_end(text: str, paragraph_start: int, paragraph_end: int, match: re.Match[str]) -> bool:
    after = match.end()
    if text[match.start()] in _NO_SPACE_TERMINATORS:
        return True
    if not text[after].isspace():
        return False  # 3.5, U.S.A, example.com
    following = after
    while following < paragraph_end and (text[following].isspace() or text[following] in _OPENERS):
        following += 1
    if following == paragraph_end:
        return True
    next_char = text[following]
    if next_char.islower():
        return False
    if match.group().rstrip(_CLOSERS) != ".":
        return True  # !, ?, an ellipsis: the lowercase test above is all we can do
    token_start = match.start()
    while token_start > paragraph_start and not text[token_start - 1].isspace():
        token_start -= 1
    token = text[token_start : match.start()].lstrip(_OPENERS).lower()
    if token in _ABBREVIATIONS:
        return False
    if token in _NUMBER_ABBREVIATIONS and next_char.isdigit():
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: J. Smith
    # A list marker at the start of a line ("1. Wash hands") is not the end of a sentence.
    at_line_start = token_start == paragraph_start or text[token_start - 1] == "\n"
    return not (token.isdigit() and len(token) <= 2 and at_line_start)
