"""TF-IDF set-up shared by themes, code suggestions and classifiers."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

# Words that carry no meaning in Balint-group material: every passage is about a patient and a resident.
DOMAIN_STOP_WORDS = frozenset(
    {
        "patient",
        "patients",
        "resident",
        "residents",
        "really",
        "just",
        "like",
        "think",
        "felt",
        "feel",
        "said",
        "says",
        "going",
        "got",
        "get",
        "lot",
        "thing",
        "things",
        "know",
        "way",
        "time",
        "did",
        "does",
    }
)


def theme_vectorizer(n_docs: int) -> TfidfVectorizer:
    """Return a TF-IDF vectorizer for theme discovery that drops stop words and very rare terms."""
    return TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS),
        lowercase=True,
        sublinear_tf=True,
        min_df=2 if n_docs >= 20 else 1,
        max_df=0.5 if n_docs >= 50 else 1.0,
        max_features=20000,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b",
        dtype=np.float64,
    )


def similarity_vectorizer() -> TfidfVectorizer:
    """Return a TF-IDF vectorizer of words and word pairs for nearest-neighbour similarity."""
    return TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS),
        lowercase=True,
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=1,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b",
        dtype=np.float64,
    )


def classifier_vectorizer() -> TfidfVectorizer:
    """Return a TF-IDF vectorizer for the classifiers; keeps pronouns, which mark perspective."""
    return TfidfVectorizer(
        lowercase=True,
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=1,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]*\b",
        dtype=np.float64,
    )
