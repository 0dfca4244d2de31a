"""The screener: run every detector and keep the best non-overlapping spans."""

from __future__ import annotations

from collections.abc import Iterable

from balint.privacy.screening.contexts import chained_names, context_spans, place_spans
from balint.privacy.screening.names import name_spans
from balint.privacy.screening.patterns import pattern_spans
from balint.privacy.screening.spans import Span, resolve_overlaps
from balint.privacy.screening.uncased import uncased_spans


def screen(text: str, *, roster_names: Iterable[str] = (), min_score: float = 0.0) -> list[Span]:
    """Find likely patient identifiers in text as sorted, non-overlapping spans."""
    if not text:
        return []
    candidates = [
        *pattern_spans(text),
        *name_spans(text, tuple(roster_names)),
        *uncased_spans(text),
        *context_spans(text),
        *place_spans(text),
    ]
    found = resolve_overlaps(candidates)
    found = chained_names(text, found)
    return [span for span in found if span.score >= min_score]
