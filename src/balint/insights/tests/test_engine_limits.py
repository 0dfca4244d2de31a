"""The engine runs on one BLAS/OpenMP thread per request and falls back to TF-IDF when the model is absent."""

import importlib.metadata

import pytest
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info

from balint.insights.engine import Passage, candidate_themes, classify, embeddings, semantic_available, themes
from balint.insights.engine.classify import resolve_engine
from balint.insights.tests.planted import planted_passages


def threads_in_use() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info()}


@pytest.fixture
def model_absent(monkeypatch):
    """The packaged model's distribution is not installed, as after `pip install` without it."""
    real = importlib.metadata.distribution

    def distribution(name):
        if name == embeddings.MODEL_DISTRIBUTION:
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)
    assert not semantic_available()


def test_it_fits_candidate_themes_on_one_thread(monkeypatch):
    seen: list[set[int]] = []
    real = themes._nmf_topics

    def watched(*args, **kwargs):
        seen.append(threads_in_use())
        return real(*args, **kwargs)

    monkeypatch.setattr(themes, "_nmf_topics", watched)
    passages, _ = planted_passages(60)
    candidate_themes(passages, engine="tfidf")
    assert seen and all(found <= {1} for found in seen)


def test_it_fits_and_applies_classifiers_on_one_thread(monkeypatch):
    seen: list[set[int]] = []
    fit, predict = LogisticRegression.fit, LogisticRegression.predict_proba

    def watched_fit(self, *args, **kwargs):
        seen.append(threads_in_use())
        return fit(self, *args, **kwargs)

    def watched_predict(self, *args, **kwargs):
        seen.append(threads_in_use())
        return predict(self, *args, **kwargs)

    monkeypatch.setattr(LogisticRegression, "fit", watched_fit)
    monkeypatch.setattr(LogisticRegression, "predict_proba", watched_predict)
    classify(["I dreaded seeing her again."], labelled=[], engine="tfidf")
    assert len(seen) >= 2 and all(found <= {1} for found in seen)


@pytest.mark.skipif(not semantic_available(), reason="the sentence-embedding model is not installed")
def test_it_runs_the_sentence_model_on_one_thread():
    options = embeddings.load_model().session.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1


def test_it_uses_tfidf_when_the_model_is_not_installed(model_absent):
    assert resolve_engine("auto") == "tfidf" and resolve_engine("semantic") == "tfidf"
    (result,) = classify(["The clinic ran late so I missed the start of group."], labelled=[], engine="auto")
    assert result.label and 0.0 <= result.confidence <= 1.0 and result.threshold is not None
    found = candidate_themes([Passage(i, t) for i, t in enumerate(["a b", "c d", "e f"])], engine="semantic")
    assert found.engine_used == "tfidf" and "not installed" in found.fallback_reason
