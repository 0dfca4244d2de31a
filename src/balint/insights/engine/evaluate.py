"""Measured quality: grouped cross-validation beside simple baselines, and agreement of themes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import GroupKFold

from .classify import train_classifier
from .suggest import CODE_THRESHOLD, CodeSuggester, calibrate_code_scores
from .types import ClassCounts, ClassifierEvaluation, CodeSuggestionEvaluation, ThemeEvaluation, ThemeId


def _folds(n_samples: int, groups: Sequence[Hashable], n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return GroupKFold splits so that no source is in both training and test; needs two groups."""
    if len(groups) != n_samples:
        raise ValueError("groups must give one source per labelled passage.")
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ValueError("At least two sources are needed for grouped cross-validation.")
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    group_ids = np.array([str(group) for group in groups])
    return list(splitter.split(np.zeros(n_samples), groups=group_ids))


def evaluate_classifier(
    labelled: Sequence[tuple[str, str]],
    groups: Sequence[Hashable],
    task: str = "category",
    *,
    n_splits: int = 5,
    use_starter: bool = True,
    engine: str = "auto",
    codebook: Sequence[tuple[str, str]] = (),
) -> ClassifierEvaluation:
    """Return macro-F1, accuracy and per-class figures over source-grouped folds, with a majority baseline,
    and the abstention rate, precision of what is shown and calibration error (ECE) at the threshold.

    codebook: (definition or example, label) rows trained on as the page does; in each fold a row that
    quotes a test passage (or is quoted by one) is left out, so no test passage is seen in training."""
    texts = [text for text, _ in labelled]
    labels = np.array([label for _, label in labelled], dtype=object)
    predicted = np.empty(len(labels), dtype=object)
    baseline = np.empty(len(labels), dtype=object)
    confidence = np.zeros(len(labels))
    shown = np.zeros(len(labels), dtype=bool)
    used_engine = ""
    folds = _folds(len(labels), groups, n_splits)
    for train, test in folds:
        training = [(texts[i], labels[i]) for i in train]
        majority = sorted(Counter(labels[train]).items(), key=lambda item: (-item[1], item[0]))[0][0]
        baseline[test] = majority
        tested = [_plain(texts[i]) for i in test]
        fold_codebook = [
            (text, label)
            for text, label in codebook
            if not any(_plain(text) in passage or passage in _plain(text) for passage in tested)
        ]
        model = train_classifier(
            training, task=task, use_starter=use_starter, engine=engine, codebook=fold_codebook
        )
        if model is None:
            predicted[test] = majority
            continue
        used_engine = model.engine
        for i, result in zip(test, model.explain([texts[i] for i in test]), strict=True):
            predicted[i] = result.label
            confidence[i] = result.confidence
            shown[i] = not result.abstained
    classes = sorted(set(labels))
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=classes, zero_division=0
    )
    per_class = {
        label: ClassCounts(round(float(p), 4), round(float(r), 4), round(float(f), 4), int(s))
        for label, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
    }
    return ClassifierEvaluation(
        task=task,
        n_splits=len(folds),
        n_samples=len(labels),
        macro_f1=round(
            float(f1_score(labels, predicted, labels=classes, average="macro", zero_division=0)), 4
        ),
        accuracy=round(float(accuracy_score(labels, predicted)), 4),
        baseline_macro_f1=round(
            float(f1_score(labels, baseline, labels=classes, average="macro", zero_division=0)), 4
        ),
        baseline_accuracy=round(float(accuracy_score(labels, baseline)), 4),
        per_class=per_class,
        abstention_rate=round(1.0 - float(shown.mean()), 4) if len(shown) else 0.0,
        precision_shown=round(float((predicted[shown] == labels[shown]).mean()), 4) if shown.any() else 0.0,
        calibration_error=expected_calibration_error(confidence, predicted == labels),
        engine=used_engine,
        baseline_accuracy_shown=round(float((baseline[shown] == labels[shown]).mean()), 4)
        if shown.any()
        else None,
    )


def _plain(text: str) -> str:
    """Lower-case words only, for telling whether one text quotes another."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, n_bins: int = 10) -> float:
    """Return the expected calibration error: mean |accuracy - confidence| over equal-width bins, weighted."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if not len(confidence):
        return 0.0
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    error = 0.0
    for b in range(n_bins):
        members = bins == b
        if members.any():
            error += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return round(float(error), 4)


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, target_precision: float) -> float:
    """Return the lowest threshold (0.5 to 0.95, step 0.05) whose shown suggestions reach the precision."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    for threshold in np.round(np.arange(0.5, 0.96, 0.05), 2):
        shown = confidence >= threshold
        if shown.any() and correct[shown].mean() >= target_precision:
            return float(threshold)
    return 0.95


def evaluate_code_suggestions(
    coded: Sequence[tuple[str, Iterable[ThemeId]]],
    groups: Sequence[Hashable],
    *,
    k: int = 3,
    n_splits: int = 5,
    linear: bool = False,
) -> CodeSuggestionEvaluation:
    """Return top-1 accuracy and recall@k over source-grouped folds, beside the most frequent themes,
    and for the calibrated probability: the share of passages with no suggestion (best theme below the
    threshold), how often a shown suggestion is a theme a person applied, and the calibration error.

    Each fold calibrates on its own training passages only (nested, grouped by source)."""
    items = [(text, frozenset(themes)) for text, themes in coded]
    hits1 = recall = base_hits1 = base_recall = 0.0
    shown = shown_right = abstained = 0
    confidence: list[float] = []
    right: list[bool] = []
    folds = _folds(len(items), groups, n_splits)
    for train, test in folds:
        training = [items[i] for i in train]
        calibration = calibrate_code_scores(training, [groups[i] for i in train], linear=linear)
        suggester = CodeSuggester(training, linear=linear, calibration=calibration)
        frequency = Counter(theme for _, themes in training for theme in themes)
        popular = [
            theme for theme, _ in sorted(frequency.items(), key=lambda item: (-item[1], str(item[0])))
        ][:k]
        for i in test:
            text, truth = items[i]
            suggestions = suggester.suggest(text, k=k)
            ranked = [suggestion.theme_id for suggestion in suggestions]
            for suggestion in suggestions:
                probability = suggestion.score if suggestion.probability is None else suggestion.probability
                confidence.append(probability)
                right.append(suggestion.theme_id in truth)
                if probability >= CODE_THRESHOLD:
                    shown += 1
                    shown_right += suggestion.theme_id in truth
            top = suggestions[0] if suggestions else None
            abstained += top is None or (top.score if top.probability is None else top.probability) < (
                CODE_THRESHOLD
            )
            hits1 += bool(ranked) and ranked[0] in truth
            recall += len(truth & set(ranked)) / max(len(truth), 1)
            base_hits1 += bool(popular) and popular[0] in truth
            base_recall += len(truth & set(popular)) / max(len(truth), 1)
    n = len(items)
    return CodeSuggestionEvaluation(
        n_splits=len(folds),
        n_samples=n,
        k=k,
        top1_accuracy=round(hits1 / n, 4),
        recall_at_k=round(recall / n, 4),
        baseline_top1_accuracy=round(base_hits1 / n, 4),
        baseline_recall_at_k=round(base_recall / n, 4),
        abstention_rate=round(abstained / n, 4),
        precision_shown=round(shown_right / shown, 4) if shown else 0.0,
        calibration_error=expected_calibration_error(np.array(confidence), np.array(right)),
    )


def evaluate_themes(true_labels: Sequence[Hashable], predicted_labels: Sequence[Hashable]) -> ThemeEvaluation:
    """Return the adjusted Rand index and normalised mutual information between two labellings."""
    if len(true_labels) != len(predicted_labels):
        raise ValueError("Both labellings must cover the same passages.")
    truth = [str(label) for label in true_labels]
    predicted = [str(label) for label in predicted_labels]
    return ThemeEvaluation(
        adjusted_rand_index=round(float(adjusted_rand_score(truth, predicted)), 4),
        normalized_mutual_info=round(float(normalized_mutual_info_score(truth, predicted)), 4),
    )
