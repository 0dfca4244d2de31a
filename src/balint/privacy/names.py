"""The one rule for finding and masking the names of a program's own people in free text.

Used alike by the screening step (roster names are marked for a decision), by "send notes to analysis"
(residents' names masked on the way in) and by the report's quotes (residents' names masked), so the same
words are caught through every door:

- a person's full name, in any case and with any spacing between its words ("rita  RESIDENT");
- any single part of the name ("Rita", "Resident", "O'Brien", "Anne-Marie"), whole words only, in any
  case ("rita"), except a part that is also an ordinary English word or shorter than three letters
  ("Lee", "Grace", "Baker", "Li"): that part is taken only when written with a capital, so "the resident
  felt" or "by grace" stays readable while "Resident" and "Grace" are masked.

Masked names become the screening's own placeholder, ``[NAME]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from balint.privacy.screening.patterns import _read_list
from balint.privacy.screening.spans import PLACEHOLDERS

WORD = re.compile(r"[^\W\d_][\w'’-]*")
PLACEHOLDER = PLACEHOLDERS["NAME"]


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    full: bool  # the whole name, rather than one of its parts


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in _read_list("common_words.txt")) | frozenset(
        w.casefold() for w in _read_list("name_stop_words.txt")
    )


def _needs_capital(part: str) -> bool:
    return len(part) < 3 or part.casefold() in _common_words()


Patterns = tuple[re.Pattern[str] | None, re.Pattern[str] | None, frozenset[str]]


@lru_cache(maxsize=256)
def _patterns(names: tuple[str, ...]) -> Patterns:
    full: set[str] = set()
    parts: set[str] = set()
    for name in names:
        words = WORD.findall(name)
        if not words:
            continue
        if len(words) > 1:
            full.add(r"\s+".join(re.escape(w) for w in words))
        parts.update(w for w in words if len(w) >= 2)

    def alternation(items: Iterable[str]) -> re.Pattern[str] | None:
        ordered = sorted(items, key=lambda item: (-len(item), item))
        if not ordered:
            return None
        return re.compile(rf"(?<!\w)(?:{'|'.join(ordered)})(?!\w)", re.IGNORECASE)

    capital_only = frozenset(p.casefold() for p in parts if _needs_capital(p))
    return alternation(full), alternation(re.escape(p) for p in parts), capital_only


def name_matches(text: str, names: Iterable[str]) -> list[NameMatch]:
    """Where `text` names one of these people, by the rule above; sorted, never overlapping."""
    full, part, capital_only = _patterns(tuple(sorted({n for n in names if n and n.strip()})))
    found: list[NameMatch] = []
    if full is not None:
        found.extend(NameMatch(m.start(), m.end(), True) for m in full.finditer(text))
    if part is not None:
        for m in part.finditer(text):
            word = m.group()
            if word.casefold() in capital_only and not word[0].isupper():
                continue
            if any(m.start() < f.end and f.start < m.end() for f in found if f.full):
                continue
            found.append(NameMatch(m.start(), m.end(), False))
    return sorted(found, key=lambda f: f.start)


def mask_names(text: str, names: Iterable[str], placeholder: str = PLACEHOLDER) -> str:
    """`text` with every name found by `name_matches` replaced by the placeholder."""
    pieces: list[str] = []
    cursor = 0
    for found in name_matches(text, names):
        pieces.append(text[cursor : found.start])
        pieces.append(placeholder)
        cursor = found.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def resident_names(program: Any) -> list[str]:
    """Full names of the program's residents (any membership, active or not): what coding and reports mask."""
    # Here, not at the top: the screener reads this module in `balint screen`, which runs without Django.
    from balint.programs.models import Person, Role

    return sorted(
        set(
            Person.objects.filter(memberships__program=program, memberships__role=Role.RESIDENT).values_list(
                "full_name", flat=True
            )
        )
    )
