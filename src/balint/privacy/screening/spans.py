"""Spans found by the screener and how overlapping candidates are resolved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KINDS = ("NAME", "DATE", "AGE", "PHONE", "EMAIL", "ADDRESS", "LOCATION", "ID", "URL", "IP", "SSN")

PLACEHOLDERS = {kind: f"[{kind}]" for kind in KINDS}


@dataclass(frozen=True)
class Span:
    """A stretch of text that looks like a patient identifier."""

    start: int
    end: int
    kind: str
    text: str
    score: float


def resolve_overlaps(candidates: Iterable[Span]) -> list[Span]:
    """Keep the best non-overlapping candidates (higher score, then longer), sorted by position."""
    ranked = sorted(candidates, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        if any(span.start < end and start < span.end for start, end in taken):
            continue
        kept.append(span)
        taken.append((span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def redact(
    text: str, spans: Iterable[Span], decisions: Mapping[Span, bool] | Iterable[Span] | None = None
) -> str:
    """Replace the chosen spans with placeholders such as [NAME] and return the new text."""
    spans = list(spans)
    if decisions is None:
        chosen = spans
    elif isinstance(decisions, Mapping):
        chosen = [span for span in spans if decisions.get(span, False)]
    else:
        wanted = set(decisions)
        chosen = [span for span in spans if span in wanted]
    parts: list[str] = []
    cursor = 0
    for span in sorted(chosen, key=lambda s: s.start):
        if span.start < cursor:
            raise ValueError(f"Overlapping spans cannot both be redacted: {span!r}")
        if text[span.start : span.end] != span.text:
            raise ValueError(f"Span does not match the text at its offsets: {span!r}")
        parts.append(text[cursor : span.start])
        parts.append(PLACEHOLDERS.get(span.kind, f"[{span.kind}]"))
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)
