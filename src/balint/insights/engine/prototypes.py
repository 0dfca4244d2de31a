"""Labels by closeness in meaning to each label's centre: the few-shot part of the category suggestion.

Every category has a few plain descriptions (`data/label_descriptions.csv`, original writing drawn from
the codebook's definitions in MISSION.md), and a program's codebook adds its themes' definitions and
examples to their category. A label's centre is the mean sentence vector of its descriptions and of the
labelled passages (starter set, codebook, the program's codings, weighted as for the classifier). A
passage scores its cosine similarity to each centre minus the mean similarity of the training passages
to that centre (a prior correction: a centre that is close to everything gains nothing), and a softmax at
a temperature chosen by cross-validated log-loss turns the scores into calibrated probabilities.

With one vector per label instead of a weight per embedding dimension and label, this part cannot learn
the wording of the starter set or of a program's notes, which is what made the plain classifier fail on
real residents' words (see BENCHMARKS.md).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

DESCRIPTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "label_descriptions.csv"
RANDOM_STATE = 0
TEMPERATURES = (0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15)
TEMPERATURE_FOLDS = 3
# "Other" is what fits no category: it has no meaning of its own to be close to, so it gets no centre but a
# constant score, that of a passage as close to a centre as the average one; a passage that stands out
# towards no centre leans to it, which is shown as no category suggestion unless it is sure.
RESIDUAL_LABEL = "other"


@lru_cache(maxsize=1)
def _description_rows() -> tuple[tuple[str, str, str], ...]:
    with DESCRIPTIONS_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple((row["task"], row["label"], row["text"]) for row in csv.DictReader(handle))


def label_descriptions(task: str) -> list[tuple[str, str]]:
    """Return the built-in (description, label) pairs of a task."""
    return [(text, label) for row_task, label, text in _description_rows() if row_task == task]


class PrototypeModel:
    """Probabilities from a passage's similarity to each label's centre; fitted by `fit_prototypes`."""

    def __init__(
        self,
        *,
        centres: np.ndarray,
        shift: np.ndarray,
        temperature: float,
        classes: list[str],
        vectors: np.ndarray,
        descriptions: list[tuple[str, str]],
    ) -> None:
        """Hold the label centres, the prior correction, the temperature and the description vectors."""
        self.centres = centres
        self.shift = shift
        self.temperature = temperature
        self.classes_ = classes
        self.vectors = vectors
        self.descriptions = descriptions

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, columns in classes_ order (the residual label last)."""
        return _softmax(_with_residual(vectors @ self.centres.T - self.shift) / self.temperature)


def _with_residual(scores: np.ndarray) -> np.ndarray:
    """Add the residual label's score: 0, as close as the average passage is to a centre."""
    return np.hstack([scores, np.zeros((scores.shape[0], 1))])


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _centres(
    vectors: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    description_vectors: np.ndarray,
    owners: np.ndarray,
    classes: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Unit centre per class (descriptions count like a class's average row) and the prior correction.

    The prior correction is each centre's mean similarity over the training passages of every label.
    """
    centres = []
    for label in classes:
        rows, described = labels == label, owners == label
        mean_weight = float(weights[rows].mean()) if rows.any() else 1.0
        total = weights[rows] @ vectors[rows] + mean_weight * description_vectors[described].sum(axis=0)
        centres.append(total / max(float(np.linalg.norm(total)), 1e-12))
    centres = np.array(centres)
    similarity = vectors @ centres.T
    shift = (weights @ similarity) / weights.sum()
    return centres, shift


def fit_prototypes(
    *,
    task: str,
    vectors: np.ndarray,
    labels: Sequence[str],
    weights: np.ndarray,
    embed: Callable[[list[str]], np.ndarray],
    codebook: Sequence[tuple[str, str]] = (),
) -> PrototypeModel | None:
    """Return label centres with a cross-validated temperature; None with fewer than two labels.

    embed turns a list of texts into unit vectors. codebook: (definition or example, label) pairs that
    join the built-in descriptions of their label.
    """
    labels = np.array(list(labels), dtype=object)
    weights = np.asarray(weights, dtype=float)
    classes = sorted(set(labels) - {RESIDUAL_LABEL})
    if len(classes) < 2:
        return None
    descriptions = [(t, label) for t, label in label_descriptions(task) + list(codebook) if label in classes]
    description_vectors = (
        embed([text for text, _ in descriptions]) if descriptions else np.zeros((0, vectors.shape[1]))
    )
    owners = np.array([label for _, label in descriptions], dtype=object)
    temperature = _temperature(vectors, labels, weights, description_vectors, owners, classes)
    centres, shift = _centres(vectors, labels, weights, description_vectors, owners, classes)
    return PrototypeModel(
        centres=centres,
        shift=shift,
        temperature=temperature,
        classes=classes + [RESIDUAL_LABEL],
        vectors=description_vectors,
        descriptions=descriptions,
    )


def _temperature(
    vectors: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    description_vectors: np.ndarray,
    owners: np.ndarray,
    classes: list[str],
) -> float:
    """The temperature of lowest weighted log-loss on held-out folds (the middle one with too few rows)."""
    smallest = min(int((labels == label).sum()) for label in set(labels))
    if smallest < TEMPERATURE_FOLDS:
        return TEMPERATURES[len(TEMPERATURES) // 2]
    folds = StratifiedKFold(n_splits=TEMPERATURE_FOLDS, shuffle=True, random_state=RANDOM_STATE)
    scores = np.zeros((len(labels), len(classes)))
    for train, test in folds.split(vectors, labels):
        centres, shift = _centres(
            vectors[train], labels[train], weights[train], description_vectors, owners, classes
        )
        scores[test] = vectors[test] @ centres.T - shift
    scores = _with_residual(scores)
    columns = [*classes, RESIDUAL_LABEL]
    truth = np.array([columns.index(label) for label in labels])
    losses = []
    for temperature in TEMPERATURES:
        probabilities = _softmax(scores / temperature)[np.arange(len(truth)), truth]
        losses.append(float(weights @ -np.log(np.maximum(probabilities, 1e-12))))
    return TEMPERATURES[int(np.argmin(losses))]
