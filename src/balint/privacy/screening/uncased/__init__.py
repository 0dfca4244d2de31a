"""Detectors that do not rely on capital letters: text typed in lower case, in capitals, or in a hurry.

The capitalised detectors in names.py and patterns.py read "Maria Gonzalez" and "St. Vincent's Hospital";
these read "dr healey", "WIFE HELEN", "q. lander rrt", "CALVERT HOSPITAL", "s/p cabg '95". A word written
in lower case or capitals counts as a name when the Census name tables hold it and it is not an ordinary
English word (common_words.txt), or when a name context (a title, a relative, a signature) comes before
or after it.

The vocabulary and the Census lexicon are in `words`, the detectors of people's names in `people`, of places
in `places`; phone numbers and years of the past history are here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from balint.privacy.screening.spans import Span
from balint.privacy.screening.uncased.people import (
    _context_names,
    _initial_names,
    _lexicon_names,
    _signatures,
)
from balint.privacy.screening.uncased.place_model import learned_places
from balint.privacy.screening.uncased.places import _places


def uncased_spans(text: str) -> Iterator[Span]:
    """Yield candidate spans that the capitalised detectors cannot see."""
    yield from _lexicon_names(text)
    yield from _context_names(text)
    yield from _signatures(text)
    yield from _initial_names(text)
    yield from _places(text)
    yield from learned_places(text)
    yield from _years(text)
    for pattern in _PHONES:
        for match in pattern.finditer(text):
            yield Span(match.start("v"), match.end("v"), "PHONE", match.group("v"), 0.85)


_PHONES = (
    re.compile(
        r"(?i)\b(?:pager|pgr|pg|beeper|beep|page|cell|phone|ph|tel|ext)\.?(?:\s?(?:#|number|no\.?|:))*\s?(?P<v>\d{4,5})\b"
    ),
    re.compile(r"\((?P<v>\d{3}[ -]?\d{3}[ -]?\d{4,5})\)"),
)


_YEAR = re.compile(
    r"(?<![\w/.:-])(?:19[0-9]\d|20[0-3]\d)(?![\w/:-]|\.\d|\s?(?:cc|ml|mg|mcg|units?|u\b|kcal|cal|g\b|kg|gm|mm|hrs?\b"
    r"|hours|min|sec|meters|m\b|feet|ft|steps|x\b))"
    r"|(?<![\w'’])['’]\d\d(?![\w'’%])"
    r"|(?<![\w/.-])\d\d['’](?![\w'’%])"
    r"|(?<![\w/.])(?<!\d-)(?:0?[1-9]|1[0-2])/(?:[6-9]\d)(?![\w/%]|[.-]\d)"
)


# A two-digit year after an event of the past history: "pmh mi 92", "redo cabg 84", "cva in 94".
_HISTORY_YEAR = re.compile(
    r"(?i)\b(?:mi|ami|imi|nstemi|stemi|cabg|ptca|pci|stents?|cva|tia|avr|mvr|ppm|aicd|icd|pacer|pacemaker"
    r"|chole|cholecystectomy|appy|appendectomy|turp|tah|hysterectomy|bka|aka|cath|arrest|dx'?d|diagnosed"
    r"|surgery|repair|replacement|fx|fracture|ca|cancer|stroke|mastectomy|lobectomy|colectomy)"
    r"(?:\s(?:in|x\d|c/b))?\s(?P<v>['’]?(?:[4-9]\d|0\d))(?![\w'’%/.:-]|\s?(?:mg|cc|ml|units?|%))"
)


# A four-digit number that reads as a clock time ("at 2000", "due @ 1900", "1900 - 0700", "2030 to 2400"),
# or feet and degrees ("HOB 30'", "ambulated 30'"): not a year.
_TIME_BEFORE = re.compile(
    r"(?i)(?:\b(?:at|@|till|til|until|due|approx|aprox|approximately|about|around|by|after|before"
    r"|starting|started|begun|began)\.?|@)\s?$"
)
_TIME_AFTER = re.compile(r"\s?(?:-|to|till|until|->)\s?[0-2]\d[0-5]\d\b|\s?(?:hrs?|h)\b")
_CLOCK = re.compile(r"(?:19|2[0-3])[0-5]\d")
_NOT_YEAR_BEFORE = re.compile(r"(?i)\b(?:hob|head of bed|ambulated|walked|amb|x)\s?$")


def _clock_time(text: str, start: int, end: int) -> bool:
    """Tell whether a year-shaped number is a clock time or a length: "at 2000", "1900 - 0700", "HOB 30'"."""
    if _NOT_YEAR_BEFORE.search(text[max(0, start - 14) : start]):
        return True
    if not _CLOCK.fullmatch(text, start, end):
        return False
    return bool(_TIME_BEFORE.search(text[max(0, start - 16) : start]) or _TIME_AFTER.match(text, end))


def _years(text: str) -> Iterator[Span]:
    """Years on their own ("MI 1992", "cabg '95", "CVA 74'") and month/year ("avr 8/88")."""
    for match in _YEAR.finditer(text):
        if not _clock_time(text, match.start(), match.end()):
            yield Span(match.start(), match.end(), "DATE", match.group(), 0.6)
    for match in _HISTORY_YEAR.finditer(text):
        yield Span(match.start("v"), match.end("v"), "DATE", match.group("v"), 0.6)
