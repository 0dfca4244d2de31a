"""TF-IDF set-up shared by themes, code suggestions and classifiers."""

from __future__ import annotations

import re
from functools import lru_cache

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
# Lemmas of the words that narrate any session rather than say what it was about: the frame (group, case,
# presenter, leaders), reporting verbs (discuss, bring, touch, stay, notice) and time words. They made
# candidate themes cluster on filler ("discussion / stayed / touched", "presenter / brought / parent").
SESSION_FILLER_LEMMAS = frozenset(
    {
        # the frame of every session
        "group", "session", "discussion", "case", "presenter", "leader", "co-leader", "member", "participant",
        "doctor", "physician", "people", "person", "everyone", "someone", "others", "half", "hour", "minute",
        "week", "today", "end", "start", "beginning", "moment", "note", "story", "question", "answer",
        "conversation", "room", "sense", "kind", "fact", "way", "thing", "lot", "bit", "new", "little",
        "topic", "choose",
        # how the narration moves
        "discuss", "talk", "say", "speak", "mention", "bring", "present", "hear", "notice", "touch", "stay",
        "move", "carry", "consider", "seem", "explore", "describe", "share", "take", "watch", "wonder",
        "invite", "return", "spend", "turn", "raise", "offer", "ask", "tell", "come", "go", "make", "let",
        "remain", "begin", "open", "close", "help", "want", "need", "try", "use", "find", "give", "keep",
        "look", "leave", "put", "become", "call", "show", "point", "aloud", "rather", "again", "also",
        "appear", "emerge", "do", "be", "have", "get", "feel", "think", "know", "realise", "realize",
        "still", "even", "much", "many", "one", "two", "three", "first", "second", "last", "own", "whole",
    }
)  # fmt: skip
THEME_STOP_LEMMAS = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS | SESSION_FILLER_LEMMAS
WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
LEMMA_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX")


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case English word: "brought" -> "bring", "patients" -> "patient".

    An inflected form takes the first lemma that differs from it (verbs before nouns, so "does" is "do"
    and "spoke" is "speak", not a deer or a wheel); other words stay as they are.
    """
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    for tag in LEMMA_ORDER:
        for candidate in found.get(tag, ()):
            if candidate != word:
                return candidate
    return word


def theme_terms(text: str) -> list[str]:
    """The content lemmas of a text, in order ("brought her opioid contracts" -> bring is filler, contract).

    Pairs of neighbouring lemmas were tried as phrases: on the demo they did not match the human themes
    better and on planted themes they split one theme in two (BENCHMARKS.md), so single lemmas it is.
    """
    words = [lemma(word.strip("'-")) for word in WORD.findall(text.casefold())]
    return [word for word in words if len(word) > 2 and word not in THEME_STOP_LEMMAS and "'" not in word]


def theme_vectorizer(n_docs: int) -> TfidfVectorizer:
    """Return a TF-IDF vectorizer over content lemmas; very rare and very common terms go."""
    return TfidfVectorizer(
        analyzer=theme_terms,
        sublinear_tf=True,
        min_df=2 if n_docs >= 20 else 1,
        max_df=0.5 if n_docs >= 50 else 1.0,
        max_features=20000,
        dtype=np.float64,
    )


def plain_theme_vectorizer() -> TfidfVectorizer:
    """The baseline: TF-IDF over words with the English stop words only (no lemmas, no domain words)."""
    return TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float64)


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
