"""Candidate themes: TF-IDF + NMF by default, sentence embeddings + k-means with the semantic extra."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from .embeddings import MISSING_EXTRA_REASON, MODEL_NAME, Embedder, EmbeddingCache, semantic_available
from .text import plain_theme_vectorizer, theme_vectorizer
from .types import ENGINE_SEMANTIC, ENGINE_TFIDF, ENGINES, CandidateTheme, CandidateThemes, Passage, Quote

RANDOM_STATE = 0
K_MIN, K_MAX = 3, 12
SELECTION_SAMPLE = 3000
N_TERMS = 10


def candidate_themes(
    passages: list[Passage],
    *,
    n_themes: int | None = None,
    engine: str = ENGINE_TFIDF,
    cache: EmbeddingCache | None = None,
    embedder: Embedder | None = None,
    semantic_installed: bool | None = None,
    n_quotes: int = 5,
) -> CandidateThemes:
    """Suggest themes with terms, members and 3-5 quotes each; same input gives the same output.

    With n_themes None the number is chosen in 3..12 (NMF: topic coherence; semantic: silhouette).
    A semantic request without the extra falls back to TF-IDF and says so in engine_used and
    fallback_reason. semantic_installed overrides the detection (None: detect).
    """
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}; expected one of {ENGINES}.")
    n_quotes = min(max(n_quotes, 3), 5)
    engine_used, fallback_reason = engine, ""
    if engine == ENGINE_SEMANTIC:
        installed = semantic_available() if semantic_installed is None else semantic_installed
        if not installed:
            engine_used, fallback_reason = ENGINE_TFIDF, MISSING_EXTRA_REASON

    kept = [p for p in passages if p.text and p.text.strip()]
    blank_ids = [p.id for p in passages if not (p.text and p.text.strip())]
    meta = {"engine_requested": engine, "engine_used": engine_used, "fallback_reason": fallback_reason}
    if len(kept) < 3:
        return CandidateThemes([], unassigned_ids=[p.id for p in passages], **meta)

    texts = [p.text for p in kept]
    vectorizer = theme_vectorizer(len(texts))
    try:
        tfidf = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # nothing but stop words
        return CandidateThemes([], unassigned_ids=[p.id for p in passages], **meta)
    terms = vectorizer.get_feature_names_out()
    k_range = _k_range(len(texts), tfidf.shape[1], n_themes)

    if engine_used == ENGINE_SEMANTIC:
        vectors = (embedder or Embedder(cache=cache)).encode(texts)
        with threadpool_limits(limits=1):  # BLAS and OpenMP: one thread per request on a shared server
            labels, weights, k_scores = _semantic_clusters(vectors, k_range)
        term_weights = _class_tfidf(tfidf, labels)
        method = (
            f"sentence embeddings ({MODEL_NAME}) grouped by k-means, named by class-based TF-IDF of their "
            "content lemmas; quotes are closest to the centre"
        )
        k_rule = "silhouette"
    else:
        with threadpool_limits(limits=1):
            labels, weights, term_weights, k_scores = _nmf_topics(tfidf, k_range)
        method = (
            "TF-IDF of content lemmas (session filler such as discussion, presenter or "
            "brought left out) factorised by NMF; quotes weigh most in the theme"
        )
        k_rule = "topic coherence (NPMI of top terms, less overlap between themes)"

    k = term_weights.shape[0]
    chosen = (
        f"{k} themes given by the caller"
        if n_themes
        else f"{k} themes chosen in {K_MIN}..{K_MAX} by {k_rule}"
    )
    themes: list[CandidateTheme] = []
    unassigned = list(blank_ids) + [kept[i].id for i in np.flatnonzero(labels < 0)]
    for topic in range(k):
        members = np.flatnonzero(labels == topic)
        if members.size == 0:
            continue
        order = members[np.lexsort((members, -weights[members]))]
        top = np.argsort(-term_weights[topic], kind="stable")[:N_TERMS]
        top = [j for j in top if term_weights[topic, j] > 0]
        scale = float(term_weights[topic, top[0]]) if top else 1.0
        top_terms = [(str(terms[j]), round(float(term_weights[topic, j]) / scale, 4)) for j in top]
        quotes = [Quote(kept[i].id, kept[i].text, round(float(weights[i]), 4)) for i in order[:n_quotes]]
        words = ", ".join(term for term, _ in top_terms[:5])
        themes.append(
            CandidateTheme(
                theme_id=0,
                label=" / ".join(term for term, _ in top_terms[:3]),
                top_terms=top_terms,
                size=int(members.size),
                passage_ids=[kept[i].id for i in order],
                quotes=quotes,
                explanation=(
                    f"{members.size} passages share the terms {words}. Method: {method}; {chosen}. "
                    "A suggestion only: rename, merge or discard it."
                ),
            )
        )
    themes.sort(key=lambda theme: (-theme.size, theme.label))
    numbered = [_renumber(theme, number) for number, theme in enumerate(themes)]
    return CandidateThemes(numbered, n_themes_chosen=k, k_scores=k_scores, unassigned_ids=unassigned, **meta)


def _renumber(theme: CandidateTheme, number: int) -> CandidateTheme:
    """Return the theme with its position as theme_id."""
    return CandidateTheme(
        theme_id=number,
        label=theme.label,
        top_terms=theme.top_terms,
        size=theme.size,
        passage_ids=theme.passage_ids,
        quotes=theme.quotes,
        explanation=theme.explanation,
    )


def _k_range(n_docs: int, n_terms: int, n_themes: int | None) -> list[int]:
    """Return the candidate numbers of themes, never more than the documents or terms allow."""
    limit = max(1, min(n_docs - 1, n_terms))
    if n_themes:
        return [max(1, min(n_themes, limit))]
    high = max(1, min(K_MAX, n_docs // 3, limit))
    low = min(K_MIN, high)
    return list(range(low, high + 1))


def _selection_rows(n_docs: int) -> np.ndarray:
    """Return a fixed subsample of row indices used to choose k on large inputs."""
    if n_docs <= SELECTION_SAMPLE:
        return np.arange(n_docs)
    return np.sort(np.random.default_rng(RANDOM_STATE).choice(n_docs, SELECTION_SAMPLE, replace=False))


def _fit_nmf(tfidf: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (W, H) of a deterministic NMF with k components."""
    model = NMF(n_components=k, init="nndsvda", random_state=RANDOM_STATE, max_iter=400, tol=1e-4)
    doc_topic = model.fit_transform(tfidf)
    return doc_topic, model.components_


def _nmf_topics(
    tfidf: sparse.csr_matrix, k_range: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[int, float]]:
    """Return labels (-1 for no weight), membership weights, topic-term weights and the score of each k."""
    k_scores: dict[int, float] = {}
    if len(k_range) > 1:
        sample = tfidf[_selection_rows(tfidf.shape[0])]
        binary = (sample > 0).astype(np.float64).tocsc()
        for k in k_range:
            _, topic_terms = _fit_nmf(sample, k)
            k_scores[k] = round(_coherence(binary, topic_terms), 4)
        best = max(k_scores, key=lambda k: (k_scores[k], -k))
    else:
        best = k_range[0]
    doc_topic, topic_terms = _fit_nmf(tfidf, best)
    totals = doc_topic.sum(axis=1)
    labels = np.where(totals > 0, doc_topic.argmax(axis=1), -1)
    shares = doc_topic[np.arange(len(labels)), np.maximum(labels, 0)] / np.where(totals > 0, totals, 1.0)
    weights = doc_topic[np.arange(len(labels)), np.maximum(labels, 0)] * shares
    return labels, weights, topic_terms, k_scores


def _coherence(binary: sparse.csc_matrix, topic_terms: np.ndarray, n_top: int = N_TERMS) -> float:
    """Return mean NPMI of each topic's top terms minus the mean top-term overlap between topics."""
    n_docs = binary.shape[0]
    doc_freq = np.asarray(binary.sum(axis=0)).ravel()
    tops = [np.argsort(-row, kind="stable")[:n_top] for row in topic_terms]
    scores = []
    for top in tops:
        cols = binary[:, top]
        co = (cols.T @ cols).toarray()
        p_joint = co / n_docs
        p_each = doc_freq[top] / n_docs
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(p_joint / np.outer(p_each, p_each))
            npmi = np.where(co > 0, pmi / -np.log(np.where(p_joint < 1, p_joint, 1 - 1e-12)), -1.0)
        upper = np.triu_indices(len(top), k=1)
        scores.append(float(np.mean(npmi[upper])) if upper[0].size else 0.0)
    overlaps = [len(set(a) & set(b)) / n_top for i, a in enumerate(tops) for b in tops[i + 1 :]]
    return float(np.mean(scores)) - (float(np.mean(overlaps)) if overlaps else 0.0)


def _semantic_clusters(vectors: np.ndarray, k_range: list[int]) -> tuple[np.ndarray, np.ndarray, dict]:
    """Return k-means labels, cosine similarity to the own centre and the silhouette of each k."""
    k_scores: dict[int, float] = {}
    if len(k_range) > 1:
        rows = _selection_rows(len(vectors))
        sample = vectors[rows]
        for k in k_range:
            labels = KMeans(n_clusters=k, n_init=4, random_state=RANDOM_STATE).fit_predict(sample)
            k_scores[k] = round(
                float(
                    silhouette_score(
                        sample,
                        labels,
                        metric="cosine",
                        sample_size=min(2000, len(sample)),
                        random_state=RANDOM_STATE,
                    )
                ),
                4,
            )
        best = max(k_scores, key=lambda k: (k_scores[k], -k))
    else:
        best = k_range[0]
    model = KMeans(n_clusters=best, n_init=4, random_state=RANDOM_STATE).fit(vectors)
    centres = model.cluster_centers_ / np.maximum(
        np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12
    )
    labels = model.labels_.astype(int)
    weights = np.einsum("ij,ij->i", vectors, centres[labels])
    return labels, weights, k_scores


def _class_tfidf(tfidf: sparse.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Class-based TF-IDF: each cluster's passages read as one document (terms present per passage).

    Weight of term t in cluster c: its share of the cluster's term occurrences times log(1 + A / f_t), A the
    mean number of term occurrences per cluster and f_t the term's occurrences over all clusters.
    """
    present = (tfidf > 0).astype(np.float64).tocsr()
    k = int(labels.max()) + 1
    counts = np.vstack(
        [np.asarray(present[np.flatnonzero(labels == cluster)].sum(axis=0)).ravel() for cluster in range(k)]
    )
    totals = np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    frequency = np.maximum(counts.sum(axis=0), 1.0)
    idf = np.log1p(counts.sum() / k / frequency)
    return counts / totals * idf


def baseline_themes(texts: Sequence[str], n_themes: int) -> np.ndarray:
    """The baseline grouping: plain TF-IDF words (English stop words only) clustered by k-means."""
    matrix = plain_theme_vectorizer().fit_transform(list(texts))
    k = max(1, min(n_themes, matrix.shape[0]))
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=k, n_init=4, random_state=RANDOM_STATE).fit_predict(matrix)


def passage_list(items: Sequence[tuple[Hashable, str]]) -> list[Passage]:
    """Return Passage objects from (id, text) pairs, keeping their order."""
    return [Passage(id=item_id, text=text) for item_id, text in items]
