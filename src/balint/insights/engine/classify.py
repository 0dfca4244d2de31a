"""Category and perspective classifiers: sentence meaning, the codebook, a starter set and program codings.

With the sentence model installed (the default install) a passage is represented by its embedding; without
it, by TF-IDF words. A logistic regression is fitted on the starter set, the codebook's category
definitions and examples, and the program's own labelled passages once there are enough of them, and its
probabilities are calibrated (Platt scaling over cross-validation folds, `CalibratedClassifierCV`). A label is
suggested only when its calibrated probability reaches the task's threshold, chosen for precision on
published quotes (see `THRESHOLDS`); below it the classifier abstains ("no suggestion").

Three steps follow for categories (issue 27, BENCHMARKS.md): the probabilities are shifted to the
program's own label shares (`_program_prior`); from MIN_PROGRAM_PASSAGES coded passages, a temperature
fitted to the program's own codings over cross-validation folds (`_program_temperature`); and, with the
sentence model, trust by familiarity: a passage unlike everything trained on is pulled towards an even
spread (`Familiarity`). Below the task's SWITCH_ON point (coded passages, measured by the learning curve of
`balint evaluate --corpora`) every suggestion of the task is "no suggestion".
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from .embeddings import MODEL_NAME, Embedder, model_version, semantic_available
from .prototypes import PrototypeModel, fit_prototypes
from .text import classifier_vectorizer
from .types import ENGINE_SEMANTIC, ENGINE_TFIDF, Classification

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
# Calibrated probability a suggestion must reach, per engine and task. Chosen as the lowest threshold at which
# the suggestions shown are right at least TARGET_PRECISION of the time on the *tune* split of the published
# quotes (data/corpora), never on the held-out split: `balint evaluate --corpora --choose-thresholds`.
TARGET_PRECISION = 0.6
# Never below 0.5: a suggestion shown should be more likely right than wrong.
THRESHOLDS = {
    ENGINE_SEMANTIC: {"category": 0.5, "perspective": 0.5},
    ENGINE_TFIDF: {"category": 0.55, "perspective": 0.5},
}
CALIBRATION_FOLDS = 3
# Switch-on point: a task is suggested only once the program has coded this many passages; below it every
# suggestion of the task is "no suggestion" (the best guess and its probability are kept, not shown). Chosen
# on CEReD's tune rows by the learning curve of `balint evaluate --corpora` (BENCHMARKS.md, issue 27): with
# no codings the category shown was right 14 % of the time where the commonest category of the same rows
# was right 57 %; with 25 codings the best category was right less often than the commonest one of the
# codings (0.57 against 0.64); from 50 on, and at every larger size, it beat it on both counts in every
# draw. The TF-IDF fallback did so only from 200. Perspectives have no such curve (no corpus labels them
# with training rows) and keep no switch-on.
SWITCH_ON = {
    ENGINE_SEMANTIC: {"category": 50, "perspective": 0},
    ENGINE_TFIDF: {"category": 200, "perspective": 0},
}
# Tasks suggested, with the sentence model, from closeness to label descriptions (engine/prototypes.py).
PROTOTYPE_TASKS = frozenset({"category"})
# The classifier over full embeddings learns the wording of what it is trained on; for the prototype tasks
# it joins only once the program has coded this many passages, with weight n / (n + MIX_HALF).
MIN_PROGRAM_PASSAGES = 30
MIX_HALF = 60
# Familiarity: a passage unlike everything the model was trained on (another setting, other words) has its
# probabilities pulled towards an even spread, so that it gets "no suggestion" rather than a confident guess.
# A passage's familiarity is its mean similarity to its FAMILIAR_NEIGHBOURS closest training passages; it is
# trusted fully from the FAMILIAR_QUANTILES[1] quantile of the training passages' own familiarity (each left
# out of its own neighbours) and not at all below their FAMILIAR_QUANTILES[0] quantile, linearly in between.
# Only for categories: on the hand-written test set and the tune quotes it made perspectives worse calibrated.
FAMILIAR_TASKS = frozenset({"category"})
FAMILIAR_NEIGHBOURS = 3
FAMILIAR_QUANTILES = (0.02, 0.3)
# Rows of similarities computed at once, and training passages whose own familiarity sets the range.
FAMILIAR_CHUNK = 512
FAMILIAR_SAMPLE = 2000
# With MIN_PROGRAM_PASSAGES program passages or more, a temperature on the log-probabilities is fitted to the
# program's own codings over this many folds (below 1 sharpens, above 1 softens); 1 leaves them as they are.
# It never sharpens below 0.67: it is fitted on passages someone chose to code, while suggestions are made
# for every uncoded sentence, vaguer ones included (at 0.5 "It was a long week for everyone in the program
# and on the wards." got a category at 0.50-0.66; the demo's ECE is 0.05 at 0.5 and 0.13 at 0.67).
RECALIBRATION_FOLDS = 3
# Only categories: the perspective's probabilities were close already (demo ECE 0.067, 0.050 with it) and the
# folds triple the time of a fit, which a page request waits for.
RECALIBRATED_TASKS = frozenset({"category"})
# A large program's temperature is fitted on a fixed sample of its passages (the folds refit the model).
RECALIBRATION_SAMPLE = 1500
RECALIBRATION_TEMPERATURES = (0.67, 0.8, 1.0, 1.25, 1.5, 2.0)
# Prior correction from the program's label shares (categories): both parts are trained with every label
# weighing the same (`_balanced`), so their probabilities assume an even spread of labels; a program that
# has coded passages has its own spread (CEReD's training rows: 54 % one label, 6 % another). The
# probabilities are multiplied by the program's share of each label over the even share and renormalised;
# each label counts PRIOR_PSEUDO_COUNT passages more than it has, so a label the program has not used yet
# keeps some weight. Applied from PRIOR_MIN_PASSAGES coded passages, before the temperature is fitted.
PRIOR_TASKS = frozenset({"category"})
PRIOR_PSEUDO_COUNT = 1.0
PRIOR_MIN_PASSAGES = 1


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


def resolve_engine(engine: str = "auto") -> str:
    """Return the engine to use: "semantic" when asked for (or "auto") and installed, else "tfidf"."""
    if engine not in ("auto", ENGINE_SEMANTIC, ENGINE_TFIDF):
        raise ValueError(f"Unknown engine {engine!r}.")
    if engine == ENGINE_TFIDF:
        return ENGINE_TFIDF
    return ENGINE_SEMANTIC if semantic_available() else ENGINE_TFIDF


class LabelModel:
    """A fitted, calibrated classifier for one task, with its engine, model version and threshold."""

    def __init__(
        self,
        *,
        task: str,
        engine: str,
        calibrated: object,
        explainer: Pipeline | None,
        examples: list[tuple[str, str]],
        example_vectors: np.ndarray | None,
        embedder: Embedder | None,
        n_program: int,
        prototypes: PrototypeModel | None = None,
        mix: float = 1.0,
        familiarity: Familiarity | None = None,
        switch_on: int = 0,
    ) -> None:
        """Hold what was fitted; use train_classifier to make one.

        calibrated may be None when prototypes carry the whole suggestion; mix is the weight of calibrated
        and 1 - mix that of prototypes.
        """
        self.task = task
        self.engine = engine
        self.calibrated = calibrated
        self.prototypes = prototypes
        self.mix = mix if prototypes is not None else 1.0
        self.explainer = explainer
        self.examples = examples
        self.example_vectors = example_vectors
        self.embedder = embedder
        self.n_program = n_program
        self.familiarity = familiarity
        self.temperature = 1.0  # set by train_classifier from the program's codings (_program_temperature)
        # The program's label shares over the even share (_program_prior).
        self.prior: np.ndarray | None = None
        self.threshold = THRESHOLDS[engine][task]
        self.switch_on = switch_on  # fewer program passages than this: every suggestion abstains
        present = set(calibrated.classes_ if calibrated is not None else ())
        present |= set(prototypes.classes_ if prototypes is not None else ())
        self.classes_ = [label for label in TASKS[task] if label in present] + sorted(
            present - set(TASKS[task])
        )

    @property
    def too_few_codings(self) -> bool:
        """True while the program has coded fewer passages than the task's switch-on point."""
        return self.n_program < self.switch_on

    @property
    def provenance(self) -> dict[str, object]:
        """What made a suggestion: engine, model and version, calibration and threshold."""
        semantic = self.engine == ENGINE_SEMANTIC
        return {
            "engine": self.engine,
            "model": MODEL_NAME if semantic else "tf-idf words and word pairs",
            "model_version": model_version() if semantic else "",
            "classifier": self._method()
            + ("; prior from the program's label shares" if self.prior is not None else "")
            + (
                f"; temperature {self.temperature:g} from the program's codings"
                if self.temperature != 1
                else ""
            )
            + ("; shrunk towards an even spread for unfamiliar passages" if self.familiarity else ""),
            "threshold": self.threshold,
            "trained_on_program_passages": self.n_program,
            "switch_on": self.switch_on,
        }

    def _method(self) -> str:
        regression = (
            f"logistic regression, calibrated (sigmoid, {CALIBRATION_FOLDS}-fold)"
            if isinstance(self.calibrated, CalibratedClassifierCV)
            else "logistic regression (uncalibrated)"
        )
        if self.prototypes is None:
            return regression
        closeness = (
            "closeness to each label's centre (descriptions, codebook, examples), prior-corrected, "
            f"temperature {self.prototypes.temperature:g}"
        )
        if self.calibrated is None:
            return closeness
        return f"{closeness} ({1 - self.mix:.0%}) + {regression} on program passages ({self.mix:.0%})"

    def _features(self, texts: Sequence[str]) -> object:
        if self.engine == ENGINE_SEMANTIC:
            return self.embedder.encode(list(texts))
        return list(texts)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return calibrated probabilities, one row per text, columns in classes_ order."""
        features = self._features(texts)
        result = np.zeros((len(texts), len(self.classes_)))
        parts = [(self.calibrated, self.mix), (self.prototypes, 1.0 - self.mix)]
        with threadpool_limits(limits=1):
            for part, weight in parts:
                if part is None or weight <= 0:
                    continue
                columns = [self.classes_.index(label) for label in part.classes_]
                result[:, columns] += weight * part.predict_proba(features)
        if self.prior is not None:
            result = result * self.prior
            result /= np.maximum(result.sum(axis=1, keepdims=True), 1e-12)
        if self.temperature != 1.0:
            result = _softmax(np.log(np.maximum(result, 1e-12)) / self.temperature)
        if self.familiarity is not None:
            trust = self.familiarity.trust(features)[:, None]
            result = trust * result + (1.0 - trust) / result.shape[1]
        return result

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Return the most probable label of each text (whatever its probability)."""
        probabilities = self.predict_proba(texts)
        return np.array([self.classes_[i] for i in probabilities.argmax(axis=1)], dtype=object)

    def explain(self, texts: Sequence[str], *, n_terms: int = 5, keep_stop_words: bool = False) -> list:
        """Return a Classification per text; below the threshold it abstains (label kept as best guess)."""
        texts = list(texts)
        probabilities = self.predict_proba(texts)
        terms = (
            _explain_terms(self.explainer, texts, probabilities, self.classes_, n_terms, keep_stop_words)
            if self.explainer is not None
            else [[] for _ in texts]
        )
        nearest = self._nearest_examples(texts, probabilities)
        results = []
        for row in range(len(texts)):
            best = int(np.argmax(probabilities[row]))
            confidence = round(float(probabilities[row, best]), 4)
            results.append(
                Classification(
                    str(self.classes_[best]),
                    confidence,
                    terms[row],
                    abstained=confidence < self.threshold or self.too_few_codings,
                    threshold=self.threshold,
                    examples=nearest[row],
                )
            )
        return results

    def _nearest_examples(self, texts: list[str], probabilities: np.ndarray) -> list[list[str]]:
        """The two built-in or codebook examples of the chosen label closest in meaning to each text."""
        if self.example_vectors is None or not len(self.examples):
            return [[] for _ in texts]
        vectors = self.embedder.encode(texts)
        similarity = vectors @ self.example_vectors.T
        labels = np.array([label for _, label in self.examples], dtype=object)
        found = []
        for row in range(len(texts)):
            best = self.classes_[int(np.argmax(probabilities[row]))]
            candidates = np.flatnonzero(labels == best)
            order = candidates[np.argsort(-similarity[row, candidates], kind="stable")][:2]
            found.append([self.examples[i][0] for i in order])
        return found


def train_classifier(
    labelled: Sequence[tuple[str, str]],
    *,
    task: str = "category",
    use_starter: bool = True,
    codebook: Sequence[tuple[str, str]] = (),
    engine: str = "auto",
    embedder: Embedder | None = None,
    recalibrate: bool = True,
    explained: bool = True,
    switch_on: bool = True,
) -> LabelModel | None:
    """Return a fitted, calibrated classifier, or None when fewer than two labels are known.

    labelled: the program's (text, label) passages; codebook: (definition or example, category) pairs
    of the program's codebook, which count like starter rows. With recalibrate, a task in
    RECALIBRATED_TASKS and at least MIN_PROGRAM_PASSAGES program passages, the probabilities get the
    temperature that fits the program's own codings best over cross-validation folds (see
    `_program_temperature`). explained=False skips the word-level explanation (TF-IDF), which the folds of
    that fit do not need. switch_on=False measures the suggestions below the task's SWITCH_ON point as
    well (the learning curve does), where the product abstains.
    """
    _check_task(task)
    engine = resolve_engine(engine)
    program = [(text, label) for text, label in labelled if text and text.strip() and label]
    codebook_rows = [
        (text, label) for text, label in codebook if text and text.strip() and label in TASKS[task]
    ]
    general = (starter_set(task) if use_starter else []) + codebook_rows
    texts = [text for text, _ in program] + [text for text, _ in general]
    labels = [label for _, label in program] + [label for _, label in general]
    if len(set(labels)) < 2:
        return None
    program_each, starter_each = sample_weights(len(program), len(general))
    weights = np.concatenate(
        [
            _balanced([label for _, label in program]) * program_each,
            _balanced([label for _, label in general]) * starter_each,
        ]
    )
    weights *= len(weights) / weights.sum()
    if engine == ENGINE_SEMANTIC:
        embedder = embedder or Embedder()
        features = embedder.encode(texts)
        base = LogisticRegression(C=4.0, max_iter=3000, random_state=RANDOM_STATE)
        explainer = None
    else:
        features = texts
        base = Pipeline(
            [
                ("tfidf", classifier_vectorizer()),
                ("model", LogisticRegression(C=10.0, max_iter=2000, random_state=RANDOM_STATE)),
            ]
        )
        explainer = (
            Pipeline(
                [
                    ("tfidf", classifier_vectorizer()),
                    ("model", LogisticRegression(C=10.0, max_iter=2000, random_state=RANDOM_STATE)),
                ]
            )
            if explained
            else None
        )
    prototypes, mix = None, 1.0
    if engine == ENGINE_SEMANTIC and task in PROTOTYPE_TASKS:
        prototypes = fit_prototypes(
            task=task,
            vectors=features,
            labels=labels,
            weights=weights,
            embed=embedder.encode,
            codebook=general[len(general) - len(codebook_rows) :],
        )
        if prototypes is not None:
            mix = len(program) / (len(program) + MIX_HALF) if len(program) >= MIN_PROGRAM_PASSAGES else 0.0
    smallest = min(Counter(labels).values())
    calibrated = None
    with threadpool_limits(limits=1):  # small problems: threads only add contention
        if mix > 0:
            if smallest >= CALIBRATION_FOLDS:
                calibrated = CalibratedClassifierCV(
                    base, method="sigmoid", cv=CALIBRATION_FOLDS, ensemble=False
                )
            else:  # too few rows of some label to hold out: plain probabilities
                calibrated = base
            fit_params = (
                {"sample_weight": weights} if engine == ENGINE_SEMANTIC else {"model__sample_weight": weights}
            )
            calibrated.fit(features, labels, **fit_params)
        if explainer is not None:
            explainer.fit(texts, labels, model__sample_weight=weights)
    examples = general if engine == ENGINE_SEMANTIC else []
    example_vectors = features[len(program) :] if engine == ENGINE_SEMANTIC else None
    if prototypes is not None:
        examples = list(prototypes.descriptions) + examples
        example_vectors = np.vstack([prototypes.vectors, example_vectors])
    model = LabelModel(
        task=task,
        engine=engine,
        calibrated=calibrated,
        explainer=explainer,
        examples=examples,
        example_vectors=example_vectors,
        embedder=embedder,
        n_program=len(program),
        prototypes=prototypes,
        mix=mix,
        familiarity=Familiarity(features)
        if engine == ENGINE_SEMANTIC and task in FAMILIAR_TASKS and FAMILIAR_QUANTILES
        else None,
        switch_on=SWITCH_ON[engine][task] if switch_on else 0,
    )
    if task in PRIOR_TASKS and len(program) >= PRIOR_MIN_PASSAGES:
        model.prior = _program_prior([label for _, label in program], model.classes_)
    if recalibrate and task in RECALIBRATED_TASKS and len(program) >= MIN_PROGRAM_PASSAGES:
        model.temperature = _program_temperature(
            program, task=task, use_starter=use_starter, codebook=codebook, engine=engine, embedder=embedder
        )
    return model


def _program_temperature(
    program: list[tuple[str, str]],
    *,
    task: str,
    use_starter: bool,
    codebook: Sequence[tuple[str, str]],
    engine: str,
    embedder: Embedder | None,
) -> float:
    """The temperature (on log-probabilities) of least log-loss on the program's passages, each predicted
    by a model fitted without it (RECALIBRATION_FOLDS folds); 1 when no fold can be fitted.

    The starter set and label descriptions are written apart from any program, so probabilities learnt
    from them are too cautious (or too bold) on a program's own notes; the program's codings say how much."""
    if len(program) > RECALIBRATION_SAMPLE:
        rng = np.random.default_rng(RANDOM_STATE)
        program = [program[i] for i in sorted(rng.choice(len(program), RECALIBRATION_SAMPLE, replace=False))]
    folds = KFold(n_splits=RECALIBRATION_FOLDS, shuffle=True, random_state=RANDOM_STATE)
    log_probabilities, truth = [], []
    for train, test in folds.split(program):
        model = train_classifier(
            [program[i] for i in train],
            task=task,
            use_starter=use_starter,
            codebook=codebook,
            engine=engine,
            embedder=embedder,
            recalibrate=False,
            explained=False,
        )
        if model is None:
            continue
        probabilities = model.predict_proba([program[i][0] for i in test])
        for row, i in enumerate(test):
            label = program[i][1]
            if label in model.classes_:  # a label the fold never saw: no temperature gives it probability
                log_probabilities.append(np.log(np.maximum(probabilities[row], 1e-12)))
                truth.append(model.classes_.index(label))
    if len(truth) < MIN_PROGRAM_PASSAGES // 2 or len({len(row) for row in log_probabilities}) != 1:
        return 1.0
    scores, truth = np.array(log_probabilities), np.array(truth)
    losses = [
        float(-np.log(np.maximum(_softmax(scores / t)[np.arange(len(truth)), truth], 1e-12)).mean())
        for t in RECALIBRATION_TEMPERATURES
    ]
    return RECALIBRATION_TEMPERATURES[int(np.argmin(losses))]


def _program_prior(labels: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    """Each class's share of the program's codings (PRIOR_PSEUDO_COUNT added to every count) over the even
    share 1 / len(classes) that the balanced training assumes."""
    counts = Counter(labels)
    shares = np.array([counts.get(label, 0) + PRIOR_PSEUDO_COUNT for label in classes], dtype=float)
    return shares / shares.sum() * len(classes)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


class Familiarity:
    """How far to trust a passage's probabilities, from its closeness to the passages trained on."""

    def __init__(self, vectors: np.ndarray) -> None:
        """Keep the training vectors and the familiarity range their own neighbours give (on a fixed sample
        of at most FAMILIAR_SAMPLE of them, each left out of its own neighbours)."""
        self.vectors = vectors
        rows = np.arange(len(vectors))
        if len(rows) > FAMILIAR_SAMPLE:
            rows = np.sort(np.random.default_rng(RANDOM_STATE).choice(rows, FAMILIAR_SAMPLE, replace=False))
        own = self._closeness(vectors[rows], leave_out=rows)
        self.low, self.high = (float(np.quantile(own, q)) for q in FAMILIAR_QUANTILES)

    def _closeness(self, vectors: np.ndarray, leave_out: np.ndarray | None = None) -> np.ndarray:
        """Mean similarity of each vector to its closest training vectors, FAMILIAR_CHUNK rows at a time."""
        k = min(FAMILIAR_NEIGHBOURS, len(self.vectors) - (leave_out is not None))
        found = []
        for start in range(0, len(vectors), FAMILIAR_CHUNK):
            similarity = vectors[start : start + FAMILIAR_CHUNK] @ self.vectors.T
            if leave_out is not None:
                chunk = leave_out[start : start + FAMILIAR_CHUNK]
                similarity[np.arange(len(chunk)), chunk] = -np.inf
            found.append(np.partition(similarity, -k, axis=1)[:, -k:].mean(axis=1))
        return np.concatenate(found) if found else np.zeros(0)

    def trust(self, vectors: np.ndarray) -> np.ndarray:
        """1 for a passage as familiar as the upper quantile of the training passages, 0 below the low one."""
        closeness = self._closeness(vectors)
        return np.clip((closeness - self.low) / max(self.high - self.low, 1e-6), 0.0, 1.0)


def _balanced(labels: list[str]) -> np.ndarray:
    """Return per-row weights giving every label the same total and averaging 1 (empty for no rows)."""
    if not labels:
        return np.zeros(0)
    counts = Counter(labels)
    weights = np.array([1.0 / counts[label] for label in labels])
    return weights * (len(weights) / weights.sum())


def _explain_terms(
    pipeline: Pipeline,
    texts: list[str],
    probabilities: np.ndarray,
    classes: list[str],
    n_terms: int,
    keep_stop_words: bool,
) -> list[list[str]]:
    """The terms of each text that weigh most towards its chosen label (stop words left out unless kept)."""
    vectorizer = pipeline.named_steps["tfidf"]
    model = pipeline.named_steps["model"]
    matrix = vectorizer.transform(texts)
    terms = vectorizer.get_feature_names_out()
    model_classes = list(model.classes_)
    coefficients = model.coef_
    found = []
    for row in range(matrix.shape[0]):
        label = classes[int(np.argmax(probabilities[row]))]
        index = model_classes.index(label)
        if coefficients.shape[0] == 1:  # binary: one row of coefficients, for classes_[1]
            direction = coefficients[0] if index == 1 else -coefficients[0]
        else:
            direction = coefficients[index]
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
        found.append(top)
    return found


def explain(
    model: LabelModel, texts: Sequence[str], *, n_terms: int = 5, keep_stop_words: bool = False
) -> list[Classification]:
    """Return each text's label, calibrated probability, whether it abstains, and what explains it."""
    return model.explain(texts, n_terms=n_terms, keep_stop_words=keep_stop_words)


def classify(
    texts: Sequence[str],
    *,
    labelled: Sequence[tuple[str, str]],
    task: str = "category",
    use_starter: bool = True,
    codebook: Sequence[tuple[str, str]] = (),
    engine: str = "auto",
) -> list[Classification]:
    """Suggest a label for each text with its calibrated probability and explanation; nothing is applied."""
    model = train_classifier(labelled, task=task, use_starter=use_starter, codebook=codebook, engine=engine)
    if model is None:
        return [Classification("", 0.0, [], abstained=True) for _ in texts]
    return explain(model, texts, keep_stop_words=task == "perspective")
