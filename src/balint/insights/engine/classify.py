"""Category and perspective classifiers learnt from the program's labelled passages and a starter set."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from .text import classifier_vectorizer
from .types import Classification

RANDOM_STATE = 0
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STARTER_FILE = DATA_DIR / "starter.csv"

CATEGORIES = (
    "balint_process",
    "professional_development",
    "practical_patient_care",
    "group_process",
    "structure_logistics",
    "well_being",
    "other",
)
PERSPECTIVES = ("resident", "patient", "other")
TASKS = {"category": CATEGORIES, "perspective": PERSPECTIVES}

# Each program passage counts PROGRAM_WEIGHT; the starter set's total weight shrinks as the program's grows.
PROGRAM_WEIGHT = 2.0
STARTER_HALF_LIFE = 30


@lru_cache(maxsize=1)
def _starter_rows() -> tuple[tuple[str, str, str], ...]:
    """Return the starter set as (text, category, perspective) rows."""
    with STARTER_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple((row["text"], row["category"], row["perspective"]) for row in csv.DictReader(handle))


def starter_set(task: str) -> list[tuple[str, str]]:
    """Return the built-in original (text, label) pairs for the task."""
    _check_task(task)
    column = 1 if task == "category" else 2
    return [(row[0], row[column]) for row in _starter_rows()]


def sample_weights(n_program: int, n_starter: int) -> tuple[float, float]:
    """Return (weight per program passage, weight per starter passage); program data dominates as it grows."""
    starter_each = 1.0 / (1.0 + n_program / STARTER_HALF_LIFE)
    return PROGRAM_WEIGHT, starter_each if n_starter else 0.0


def _check_task(task: str) -> None:
    """Refuse an unknown task."""
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; expected one of {sorted(TASKS)}.")


def train_classifier(
    labelled: Sequence[tuple[str, str]], *, task: str = "category", use_starter: bool = True
) -> Pipeline | None:
    """Return a fitted TF-IDF + logistic regression pipeline, or None when fewer than two labels are known."""
    _check_task(task)
    program = [(text, label) for text, label in labelled if text and text.strip() and label]
    starter = starter_set(task) if use_starter else []
    texts = [text for text, _ in program] + [text for text, _ in starter]
    labels = [label for _, label in program] + [label for _, label in starter]
    if len(set(labels)) < 2:
        return None
    program_each, starter_each = sample_weights(len(program), len(starter))
    weights = np.concatenate(
        [
            _balanced([label for _, label in program]) * program_each,
            _balanced([label for _, label in starter]) * starter_each,
        ]
    )
    weights *= len(weights) / weights.sum()
    pipeline = Pipeline(
        [
            ("tfidf", classifier_vectorizer()),
            (
                "model",
                LogisticRegression(C=10.0, max_iter=2000, random_state=RANDOM_STATE),
            ),
        ]
    )
    with threadpool_limits(limits=1, user_api="blas"):  # small problems: threads only add contention
        pipeline.fit(texts, labels, model__sample_weight=weights)
    return pipeline


def _balanced(labels: list[str]) -> np.ndarray:
    """Return per-row weights giving every label the same total and averaging 1 (empty for no rows)."""
    if not labels:
        return np.zeros(0)
    counts = Counter(labels)
    weights = np.array([1.0 / counts[label] for label in labels])
    return weights * (len(weights) / weights.sum())


def explain(
    pipeline: Pipeline, texts: Sequence[str], *, n_terms: int = 5, keep_stop_words: bool = False
) -> list[Classification]:
    """Return each text's label, its probability and the terms of the text that weigh most towards it.

    Terms made only of stop words are left out of the explanation unless keep_stop_words is True
    (pronouns are what mark a perspective).
    """
    vectorizer = pipeline.named_steps["tfidf"]
    model = pipeline.named_steps["model"]
    matrix = vectorizer.transform(list(texts))
    probabilities = model.predict_proba(matrix)
    terms = vectorizer.get_feature_names_out()
    classes = list(model.classes_)
    coefficients = model.coef_
    results = []
    for row in range(matrix.shape[0]):
        best = int(np.argmax(probabilities[row]))
        if coefficients.shape[0] == 1:  # binary: one row of coefficients, for classes_[1]
            direction = coefficients[0] if best == 1 else -coefficients[0]
        else:
            direction = coefficients[best]
        vector = matrix[row]
        contributions = vector.data * direction[vector.indices]
        order = np.lexsort((vector.indices, -contributions))
        top = []
        for i in order:
            term = str(terms[vector.indices[i]])
            if contributions[i] <= 0 or len(top) == n_terms:
                break
            if keep_stop_words or not set(term.split()) <= ENGLISH_STOP_WORDS:
                top.append(term)
        results.append(Classification(str(classes[best]), round(float(probabilities[row, best]), 4), top))
    return results


def classify(
    texts: Sequence[str],
    *,
    labelled: Sequence[tuple[str, str]],
    task: str = "category",
    use_starter: bool = True,
) -> list[Classification]:
    """Suggest a label for each text with its confidence and explanation terms; nothing is applied."""
    pipeline = train_classifier(labelled, task=task, use_starter=use_starter)
    if pipeline is None:
        return [Classification("", 0.0, []) for _ in texts]
    return explain(pipeline, texts, keep_stop_words=task == "perspective")
