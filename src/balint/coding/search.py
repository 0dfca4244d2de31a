"""Search inside the analysis sources a coder may see: words, "phrases" or a regular expression.

Sources are encrypted at rest, so the already-scoped sources (`balint.coding.access.visible_sources`) are
read a few at a time, decrypted and matched in Python, as `balint.privacy.search` does for the program
search. Words match whole words (a trailing `*` matches any ending: `trust*`), a "quoted phrase" its words
in order across any spaces, and a hit is any of them. Case and accents are folded unless asked; folding
accents maps each character to its base letters (é → e, ﬁ → fi) and keeps the map back to the source's
offsets, which count code points as codings do. A regular expression runs with the `regex` module and a
time budget for the whole search, so a runaway pattern is stopped with a clear message.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from balint.coding.models import Coding, Source, Theme
from balint.coding.spans import whole_characters
from balint.core.errors import ApplicationError

QUERY_MAX = 200
TIME_BUDGET = 3.0  # seconds of matching for one search, all sources together
CAP = 200  # hits shown with their context; the rest are counted
CONTEXT = 70  # characters of context on each side of a hit
BATCH = 20  # sources decrypted at a time


@dataclass(frozen=True)
class SearchQuery:
    """What to look for, and where: `inside` restricts hits to passages coded with that theme."""

    text: str
    is_regex: bool = False
    match_case: bool = False
    match_accents: bool = False
    inside: Theme | None = None


@dataclass(frozen=True)
class HitCode:
    name: str
    colour: str
    mine: bool


@dataclass
class Hit:
    source: Source
    start: int
    end: int
    before: str
    match: str
    after: str
    codes: list[HitCode] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    sources: int

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


def strip_accents(text: str) -> tuple[str, list[int]]:
    """The text with each character replaced by its base letters, and for each of those its source offset.

    `positions` has one entry more than the folded text, so a match's end maps back too.
    """
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            out.append(char)
            positions.append(index)
            continue
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                out.append(part)
                positions.append(index)
    positions.append(len(text))
    return "".join(out), positions


def _term(word: str) -> str:
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not word:
        return ""
    body = r"\s+".join(regex.escape(part) for part in word.split())
    return rf"(?<!\w){body}\w*" if prefix else rf"(?<!\w){body}(?!\w)"


def compile_query(query: SearchQuery) -> regex.Pattern:
    """The pattern the search runs; refused with a clear message when empty, too long or not valid."""
    text = query.text.strip()
    if not text:
        raise ApplicationError(_("Type a word, a “phrase” or a regular expression."), extra={"field": "q"})
    if len(text) > QUERY_MAX:
        raise ApplicationError(
            _("Keep the search under {QUERY_MAX} characters.").format(QUERY_MAX=QUERY_MAX),
            extra={"field": "q"},
        )
    if not query.match_accents:
        text = strip_accents(text)[0]
    flags = regex.V1 | (0 if query.match_case else regex.IGNORECASE | regex.FULLCASE)
    if query.is_regex:
        pattern = text
    else:
        pieces = regex.findall(r'"([^"]*)"|(\S+)', text)
        terms = [_term(phrase or word) for phrase, word in pieces]
        terms = [term for term in terms if term]
        if not terms:
            raise ApplicationError(
                _("Type a word, a “phrase” or a regular expression."), extra={"field": "q"}
            )
        pattern = "|".join(f"(?:{term})" for term in terms)
    try:
        return regex.compile(pattern, flags)
    except regex.error as error:
        raise ApplicationError(
            _("This is not a regular expression the search understands: {error}.").format(error=error),
            extra={"field": "q"},
        ) from None


class _Clock:
    def __init__(self) -> None:
        self.deadline = time.monotonic() + TIME_BUDGET

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        return left


def _too_slow() -> ApplicationError:
    return ApplicationError(
        _("The search took too long and was stopped; make the expression simpler or more specific."),
        extra={"field": "q"},
    )


def find_spans(
    pattern: regex.Pattern, text: str, *, match_accents: bool, clock: _Clock
) -> list[tuple[int, int]]:
    """Every non-empty match of the pattern in the text, as [start, end) offsets of the text itself."""
    haystack, positions = (text, None) if match_accents else strip_accents(text)
    spans = []
    try:
        for match in pattern.finditer(haystack, timeout=clock.left()):
            start, end = match.span()
            if start == end:
                continue
            if positions is not None:
                start, end = positions[start], positions[end - 1] + 1
            start, end = whole_characters(text, start, end)
            if text[start:end].strip():
                spans.append((start, end))
    except TimeoutError:
        raise _too_slow() from None
    return spans


def _inside(spans: list[tuple[int, int]], passages: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if any(ps <= s and e <= pe for ps, pe in passages)]


def matches(
    *, sources: QuerySet[Source], query: SearchQuery
) -> Iterator[tuple[Source, list[tuple[int, int]]]]:
    """Each source that has hits, with its hits in reading order; sources are read `BATCH` at a time.

    `sources` must already be scoped to what the person may see; this never widens it.
    """
    pattern = compile_query(query)
    clock = _Clock()
    coded: dict[int, list[tuple[int, int]]] | None = None
    if query.inside is not None:
        coded = {}
        rows = Coding.objects.filter(theme=query.inside, source__in=sources).values_list(
            "source_id", "start", "end"
        )
        for source_id, start, end in rows:
            coded.setdefault(source_id, []).append((start, end))
        sources = sources.filter(pk__in=list(coded))
    rows = sources.order_by("date", "title", "pk").only("code", "kind", "title", "date", "text", "program_id")
    for source in rows.iterator(chunk_size=BATCH):
        spans = find_spans(pattern, source.text, match_accents=query.match_accents, clock=clock)
        if coded is not None:
            spans = _inside(spans, coded.get(source.pk, []))
        if spans:
            yield source, spans


def _context(text: str, start: int, end: int) -> tuple[str, str, str]:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    if start > CONTEXT and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + CONTEXT < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return (
        " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
        text[start:end],
        (" " if after[:1].isspace() else "") + " ".join(after.split()),
    )


def search_sources(*, sources: QuerySet[Source], query: SearchQuery, person_id: int | None) -> SearchResult:
    """Hits in context (the first `CAP`, with the codes on each) and counts over every visible source.

    Costs a fixed number of queries: the sources (streamed), the passages of `inside`, and the codes of
    the sources whose hits are shown.
    """
    hits: list[Hit] = []
    total = with_hits = 0
    for source, spans in matches(sources=sources, query=query):
        with_hits += 1
        total += len(spans)
        text = source.text
        for start, end in spans[: max(0, CAP - len(hits))]:
            before, match, after = _context(text, start, end)
            hits.append(Hit(source=source, start=start, end=end, before=before, match=match, after=after))
    _attach_codes(hits, person_id)
    return SearchResult(hits=hits, total=total, sources=with_hits)


def _attach_codes(hits: list[Hit], person_id: int | None) -> None:
    """The themes coded on each shown hit (any coder's coding overlapping it), in one query."""
    if not hits:
        return
    rows = (
        Coding.objects.filter(source__in={hit.source.pk for hit in hits})
        .order_by("start")
        .values_list("source_id", "start", "end", "coder_id", "theme__name", "theme__colour")
    )
    by_source: dict[int, list[tuple]] = {}
    for row in rows:
        by_source.setdefault(row[0], []).append(row[1:])
    for hit in hits:
        seen: dict[str, HitCode] = {}
        for start, end, coder_id, name, colour in by_source.get(hit.source.pk, []):
            if start < hit.end and end > hit.start:
                mine = coder_id == person_id
                if name not in seen or (mine and not seen[name].mine):
                    seen[name] = HitCode(name=name, colour=colour, mine=mine)
        hit.codes = list(seen.values())
