"""The engine's EmbeddingCache kept in the database: a passage is embedded once and reused by every run.

Rows are keyed by an HMAC of the engine's content key under the installation's SECRET_KEY, never by a plain
hash of the text: someone holding only the database cannot confirm a guessed passage by hashing it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.utils.crypto import salted_hmac

from balint.insights.engine.embeddings import EMBEDDING_DIM, MODEL_NAME
from balint.insights.models import Embedding

CHUNK = 500  # keeps IN (...) lists well inside SQLite's variable limit


def stored_key(key: str) -> str:
    """The row key for an engine key: HMAC-SHA256 under SECRET_KEY (64 hex characters)."""
    return salted_hmac("balint.insights.embedding", key, algorithm="sha256").hexdigest()


class DatabaseEmbeddingCache:
    """Embeddings stored as float32 bytes under their content key and model name."""

    def __init__(self, model_name: str = MODEL_NAME) -> None:
        """Cache the vectors of one model."""
        self.model_name = model_name

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the stored vectors for the keys present; a row of the wrong size counts as absent."""
        found: dict[str, np.ndarray] = {}
        by_stored = {stored_key(key): key for key in dict.fromkeys(keys)}
        stored = list(by_stored)
        for i in range(0, len(stored), CHUNK):
            rows = Embedding.objects.filter(
                model_name=self.model_name, key__in=stored[i : i + CHUNK]
            ).values_list("key", "dim", "vector")
            for key, dim, vector in rows:
                array = np.frombuffer(bytes(vector), dtype="<f4")
                if array.size == dim:
                    found[by_stored[key]] = array.astype(np.float32)
        return found

    def set_many(self, items: dict[str, np.ndarray]) -> None:
        """Store the vectors; a key stored meanwhile by another run is kept as it is."""
        rows = []
        for key, vector in items.items():
            array = np.asarray(vector, dtype="<f4").ravel()
            rows.append(
                Embedding(
                    key=stored_key(key), model_name=self.model_name, dim=array.size, vector=array.tobytes()
                )
            )
        Embedding.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)

    def __len__(self) -> int:
        """Return how many vectors of this model are stored."""
        return Embedding.objects.filter(model_name=self.model_name).count()


__all__ = ["EMBEDDING_DIM", "DatabaseEmbeddingCache"]
