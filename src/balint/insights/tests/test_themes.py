"""Candidate themes: planted themes are recovered, results are explained, deterministic and offline."""

import socket

import numpy as np
import pytest

from balint.insights.engine import (
    Embedder,
    Passage,
    candidate_themes,
    evaluate_themes,
    semantic_available,
    starter_set,
)
from balint.insights.engine.embeddings import DictCache, content_key
from balint.insights.tests.planted import PLANTED, planted_passages


def predicted_labels(result, passages: list[Passage]) -> list[int]:
    """Return each passage's suggested theme id, -1 when it was left unassigned."""
    by_id = {pid: theme.theme_id for theme in result for pid in theme.passage_ids}
    return [by_id.get(p.id, -1) for p in passages]


class FakeModel:
    """Stands in for sentence-transformers: embeds by planted theme words, counts the texts it encodes."""

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts, **kwargs):
        self.encoded += len(texts)
        names = sorted(PLANTED)
        rows = []
        for text in texts:
            lowered = text.lower()
            row = [sum(word.lower() in lowered for word in PLANTED[name][0]) + 0.01 for name in names]
            rows.append(np.array(row) / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32)


@pytest.fixture
def no_network(monkeypatch):
    """Make any attempt to open a network connection fail loudly."""

    def refuse(*args, **kwargs):
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_it_recovers_planted_themes_with_tfidf():
    passages, truth = planted_passages(300)
    result = candidate_themes(passages)
    scores = evaluate_themes(truth, predicted_labels(result, passages))
    assert result.engine_used == "tfidf"
    assert result.n_themes_chosen == len(PLANTED)
    assert scores.adjusted_rand_index >= 0.8
    assert scores.normalized_mutual_info >= 0.8


def test_it_explains_each_theme_with_terms_members_and_three_to_five_quotes():
    passages, _ = planted_passages(120)
    result = candidate_themes(passages)
    assert 3 <= len(result) <= 12
    for theme in result:
        assert theme.top_terms and theme.label
        assert theme.size == len(theme.passage_ids)
        assert 3 <= len(theme.quotes) <= 5
        weights = [quote.weight for quote in theme.quotes]
        assert weights == sorted(weights, reverse=True)
        assert {quote.passage_id for quote in theme.quotes} <= set(theme.passage_ids)
        assert "suggestion only" in theme.explanation
    assert sum(theme.size for theme in result) + len(result.unassigned_ids) == len(passages)


def test_it_returns_the_same_themes_for_the_same_input():
    passages, _ = planted_passages(200, seed=3)
    first, second = candidate_themes(passages), candidate_themes(passages)
    assert first == second
    assert first.k_scores == second.k_scores


def test_it_honours_a_given_number_of_themes():
    passages, _ = planted_passages(120)
    assert len(candidate_themes(passages, n_themes=4)) == 4


def test_it_returns_no_theme_for_too_few_passages():
    result = candidate_themes([Passage(1, "Clinic ran late."), Passage(2, "")])
    assert list(result) == []
    assert result.unassigned_ids == [1, 2]


def test_it_refuses_an_unknown_engine():
    with pytest.raises(ValueError, match="Unknown engine"):
        candidate_themes([], engine="lda")


def test_it_falls_back_to_tfidf_and_says_so_when_the_semantic_extra_is_absent(no_network):
    passages, truth = planted_passages(120)
    result = candidate_themes(passages, engine="semantic", semantic_installed=False)
    assert result.engine_requested == "semantic"
    assert result.engine_used == "tfidf"
    assert "sentence-embedding model is not installed" in result.fallback_reason
    assert evaluate_themes(truth, predicted_labels(result, passages)).adjusted_rand_index >= 0.8


def test_it_clusters_embeddings_and_caches_them_by_content_hash(no_network):
    passages, truth = planted_passages(120)
    model, cache = FakeModel(), DictCache()
    embedder = Embedder(cache=cache, model=model)
    result = candidate_themes(passages, engine="semantic", embedder=embedder, semantic_installed=True)
    assert result.engine_used == "semantic" and result.fallback_reason == ""
    assert evaluate_themes(truth, predicted_labels(result, passages)).adjusted_rand_index >= 0.8
    distinct = len({p.text for p in passages})
    assert model.encoded == distinct == len(cache)
    assert content_key(passages[0].text) in set(cache._items)
    candidate_themes(passages, engine="semantic", embedder=embedder, semantic_installed=True)
    assert model.encoded == distinct


def test_it_forgets_the_oldest_embeddings_past_the_cache_bound():
    cache = DictCache(max_entries=2)
    cache.set_many({"a": np.zeros(2), "b": np.ones(2), "c": np.ones(2)})
    assert set(cache.get_many(["a", "b", "c"])) == {"b", "c"}


@pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)
def test_it_recovers_planted_themes_with_the_semantic_engine_offline(no_network):
    passages, truth = planted_passages(120)
    result = candidate_themes(passages, engine="semantic", cache=DictCache())
    again = candidate_themes(passages, engine="semantic", cache=DictCache())
    assert result.engine_used == "semantic"
    assert evaluate_themes(truth, predicted_labels(result, passages)).adjusted_rand_index >= 0.8
    assert [t.passage_ids for t in result] == [t.passage_ids for t in again]


def test_it_scores_theme_agreement_regardless_of_label_names():
    perfect = evaluate_themes(["a", "a", "b", "b"], [7, 7, 3, 3])
    assert perfect.adjusted_rand_index == 1.0 and perfect.normalized_mutual_info == 1.0
    with pytest.raises(ValueError):
        evaluate_themes(["a"], [1, 2])


@pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)
def test_it_groups_hand_written_sentences_better_with_the_semantic_engine(labelled_rows):
    sentences = [(row["text"], row["category"]) for row in labelled_rows] + starter_set("category")
    passages = [Passage(index, text) for index, (text, _) in enumerate(sentences)]
    truth = [label for _, label in sentences]
    tfidf = evaluate_themes(truth, predicted_labels(candidate_themes(passages), passages))
    semantic = evaluate_themes(
        truth, predicted_labels(candidate_themes(passages, engine="semantic", cache=DictCache()), passages)
    )
    assert semantic.adjusted_rand_index >= tfidf.adjusted_rand_index + 0.05
