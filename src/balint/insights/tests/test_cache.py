"""The database embedding cache: vectors survive as float32 bytes and each passage is embedded once."""

import hashlib

import numpy as np

from balint.insights.cache import DatabaseEmbeddingCache, stored_key
from balint.insights.engine import Embedder, content_key
from balint.insights.models import Embedding


class CountingModel:
    """Stands in for sentence-transformers: a deterministic 4-dimensional embedding per text."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts, **kwargs):
        self.encoded.extend(texts)
        rows = [[len(t), t.count("e") + 1, t.count(" ") + 1, 1.0] for t in texts]
        return np.array([np.array(r) / np.linalg.norm(r) for r in rows], dtype=np.float32)


def test_it_stores_and_returns_vectors_exactly(db):
    cache = DatabaseEmbeddingCache(model_name="test-model")
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    cache.set_many({"k1": vector})
    cache.set_many({"k1": vector * 0})  # another run stored it meanwhile: the first stays
    found = cache.get_many(["k1", "missing"])
    assert set(found) == {"k1"} and found["k1"].dtype == np.float32
    assert np.array_equal(found["k1"], vector)
    assert Embedding.objects.get().dim == 384 and len(cache) == 1


def test_it_ignores_a_row_of_the_wrong_size(db):
    Embedding.objects.create(key=stored_key("bad"), model_name="m", dim=384, vector=b"\x00" * 12)
    assert DatabaseEmbeddingCache(model_name="m").get_many(["bad"]) == {}


def test_it_embeds_each_passage_once_across_runs(db):
    model = CountingModel()
    texts = ["the refill came up again", "clinic ran late", "the refill came up again"]
    first = Embedder(cache=DatabaseEmbeddingCache(), model=model).encode(texts)
    again = Embedder(cache=DatabaseEmbeddingCache(), model=CountingModel()).encode(texts + ["a new one"])
    assert model.encoded == ["the refill came up again", "clinic ran late"]
    assert np.allclose(first, again[:3])
    assert Embedding.objects.filter(key=stored_key(content_key("clinic ran late"))).exists()
    assert Embedding.objects.count() == 3


def test_it_keys_rows_so_a_guessed_passage_cannot_be_confirmed_without_the_secret(db, settings):
    Embedder(cache=DatabaseEmbeddingCache(), model=CountingModel()).encode(["the refill came up again"])
    guess = content_key("the refill came up again")
    row = Embedding.objects.get()
    assert row.key != guess and row.key != hashlib.sha256(b"the refill came up again").hexdigest()
    settings.SECRET_KEY = "another installation's secret key, long enough to be a real one"
    assert stored_key(guess) != row.key
