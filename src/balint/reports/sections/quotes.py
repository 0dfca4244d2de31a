"""Quotes for the top themes: de-identified sources only, residents' names masked by the privacy rule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from balint.coding.models import Source
from balint.coding.selectors import CodingRow, quote_texts
from balint.core.dates import month
from balint.privacy.names import mask_names, resident_names
from balint.programs.models import Program

QUOTES_PER_THEME = 2
QUOTE_THEMES = 6
QUOTE_CHARS = 360
QUOTE_CANDIDATES = 8  # per theme, before identical quotes are dropped


@dataclass
class Quote:
    text: str
    where: str  # "Session note, Mar 2025"


def best_quotes(rows: list[CodingRow]) -> list[int]:
    """Passages several coders agreed on first, then of a readable length, newest first; one per source."""
    by_source: dict[int, list[CodingRow]] = defaultdict(list)
    for row in rows:
        if row.deidentified:  # de-identified sources only
            by_source[row.source_id].append(row)
    candidates = []
    for source_rows in by_source.values():
        for row in source_rows:
            agreeing = {
                o.coder_id
                for o in source_rows
                if o.coder_id != row.coder_id and o.start < row.end and row.start < o.end
            }
            length = row.end - row.start
            candidates.append(
                (
                    -len(agreeing),
                    abs(length - 160) // 40,
                    -row.date.toordinal(),
                    row.source_id,
                    row.start,
                    row.pk,
                )
            )
    picked, seen = [], set()
    for *_, source_id, _, pk in sorted(candidates):
        if source_id in seen:
            continue
        seen.add(source_id)
        picked.append(pk)
        if len(picked) == QUOTE_CANDIDATES:
            break
    return picked


def quotes_for(*, chosen: dict[int, list[int]], program: Program) -> list[list[Quote]]:
    """Per theme (in `chosen`'s order), up to QUOTES_PER_THEME of its candidate passages as quotes."""
    wanted = {pk for pks in chosen.values() for pk in pks}
    texts = quote_texts(coding_ids=wanted)
    names = resident_names(program) if wanted else []
    out = []
    for pks in chosen.values():
        quotes: list[Quote] = []
        for pk in pks:
            quote, kind, day = texts[pk]
            text = " ".join(quote.split())
            text = mask_names(text, names)  # the privacy app's one rule for names
            if len(text) > QUOTE_CHARS:
                text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
            if any(q.text.casefold() == text.casefold() for q in quotes):
                continue  # the same words in two notes say nothing new
            quotes.append(Quote(text=text, where=f"{Source.Kind(kind).label}, {month(day)}"))
            if len(quotes) == QUOTES_PER_THEME:
                break
        out.append(quotes)
    return out
