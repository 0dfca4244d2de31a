"""Search in encrypted text for people allowed to read it.

Why decrypt-and-filter rather than a blind index: a keyed index of words (HMAC per token) answers only
whole-word equality, leaks which rows share a word and how often words occur, and must be rebuilt on key
rotation. One program's notes, summaries and transcripts number in the thousands, so decrypting the
already-scoped rows in Python is fast enough (see BENCHMARKS.md) and leaks nothing to the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db import models

from balint.privacy.fields import EncryptedTextField

M = TypeVar("M", bound=models.Model)


def fold(text: str) -> str:
    """Text as the search compares it: NFKC-composed and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def query_words(query: str) -> list[str]:
    """The folded words of a query; a row matches when it holds every one."""
    return [fold(w) for w in query.split() if w.strip()]


def search_decrypted(
    queryset: models.QuerySet[M], query: str, *, fields: Iterable[str] | None = None, batch_size: int = 500
) -> Iterator[M]:
    """Rows of an already access-scoped queryset whose decrypted text contains every word of the query.

    The caller must scope the queryset to what the user may read first (e.g. the notes of groups they
    lead); this function never widens it. Matching ignores case and accents-as-composed (NFKC).
    """
    words = query_words(query)
    if fields is None:
        fields = [f.name for f in queryset.model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    fields = list(fields)
    if not fields:
        raise ValueError(f"{queryset.model.__name__} has no encrypted fields to search.")
    if not words:
        return
    for row in queryset.iterator(chunk_size=batch_size):
        haystack = fold(" \n".join(getattr(row, name) or "" for name in fields))
        if all(word in haystack for word in words):
            yield row
