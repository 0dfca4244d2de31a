"""Measured quality of the suggestions against a program's own human codings, folds grouped by source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from balint.coding.models import Theme
from balint.core.errors import ApplicationError
from balint.insights import selectors
from balint.insights.cache import DatabaseEmbeddingCache
from balint.insights.engine import (
    CodeSuggester,
    Passage,
    candidate_themes,
    evaluate_classifier,
    evaluate_code_suggestions,
    evaluate_themes,
    semantic_available,
)
from balint.insights.engine.evaluate import _folds
from balint.insights.engine.themes import baseline_themes
from balint.insights.models import Evaluation
from balint.programs.access import Roles
from balint.programs.models import Person, Program

N_SPLITS = 5
Progress = Callable[[int, str], None]


# Stored in English with the figures (gettext_noop); the quality page translates them when it shows them.
TOO_FEW_LABELS = {
    "category": gettext_noop(
        "Needs passages with at least two different category labels in at least two sources."
    ),
    "perspective": gettext_noop(
        "Needs passages with at least two different perspective labels in at least two sources."
    ),
}


def _rounded(value: float) -> float:
    return round(float(value), 4)


def evaluate_codes(passages: list[selectors.CodedPassage], theme_names: dict[int, str]) -> dict[str, Any]:
    """Top-1 code suggestion against the human theme (passages with one theme), beside the majority theme."""
    single = [p for p in passages if len(p.themes) == 1]
    groups = [p.source_id for p in single]
    if len(set(groups)) < 2 or len({next(iter(p.themes)) for p in single}) < 2:
        return {
            "skipped": gettext_noop(  # stored in English; the quality page translates it
                "Needs passages with a single theme, of at least two themes, in at least two sources."
            )
        }
    truth = np.array([theme_names[next(iter(p.themes))] for p in single], dtype=object)
    predicted = np.empty(len(single), dtype=object)
    baseline = np.empty(len(single), dtype=object)
    folds = _folds(len(single), groups, N_SPLITS)
    for train, test in folds:
        suggester = CodeSuggester([(single[i].text, single[i].themes) for i in train])
        majority = sorted(Counter(truth[train]).items(), key=lambda item: (-item[1], item[0]))[0][0]
        baseline[test] = majority
        for i in test:
            ranked = suggester.suggest(single[i].text, k=1)
            predicted[i] = theme_names.get(ranked[0].theme_id, majority) if ranked else majority
    classes = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=classes, zero_division=0
    )
    ranking = evaluate_code_suggestions(
        [(p.text, p.themes) for p in passages], [p.source_id for p in passages], k=3, n_splits=N_SPLITS
    )
    return {
        "n_samples": len(single),
        "n_splits": len(folds),
        "macro_f1": _rounded(f1_score(truth, predicted, labels=classes, average="macro", zero_division=0)),
        "baseline_macro_f1": _rounded(
            f1_score(truth, baseline, labels=classes, average="macro", zero_division=0)
        ),
        "accuracy": _rounded(accuracy_score(truth, predicted)),
        "baseline_accuracy": _rounded(accuracy_score(truth, baseline)),
        "per_class": {
            label: {"precision": _rounded(p), "recall": _rounded(r), "f1": _rounded(f), "support": int(s)}
            for label, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
        },
        "ranking": asdict(ranking),
        # Of the calibrated suggestions (every ranked theme, threshold on its probability):
        "abstention_rate": ranking.abstention_rate,
        "precision_shown": ranking.precision_shown,
        "calibration_error": ranking.calibration_error,
    }


def evaluate_labels(
    passages: list[selectors.CodedPassage], task: str, codebook: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Category or perspective classification over source-grouped folds, beside the majority label.

    For categories the codebook's definitions and examples are trained on, as on the page (a row quoting a
    test passage is left out of that fold)."""
    labelled = [(p.text, getattr(p, task), p.source_id) for p in passages if getattr(p, task)]
    if len({source for *_, source in labelled}) < 2 or len({label for _, label, _ in labelled}) < 2:
        return {"skipped": TOO_FEW_LABELS.get(task, TOO_FEW_LABELS["category"])}
    result = evaluate_classifier(
        [(text, label) for text, label, _ in labelled],
        [source for *_, source in labelled],
        task,
        n_splits=N_SPLITS,
        codebook=codebook or (),
    )
    figures = asdict(result)
    figures["per_class"] = {label: asdict(counts) for label, counts in result.per_class.items()}
    return figures


def evaluate_theme_match(
    passages: list[selectors.CodedPassage], theme_names: dict[int, str], *, semantic: bool | None = None
) -> dict[str, Any]:
    """How well candidate themes over the coded passages recover the human themes (ARI, NMI), for each
    engine and for the baseline (plain TF-IDF words and k-means), all told the number of human themes."""
    single = [p for p in passages if len(p.themes) == 1]
    truth = [theme_names[next(iter(p.themes))] for p in single]
    n_themes = len(set(truth))
    if len(single) < 6 or n_themes < 2:
        return {
            "skipped": gettext_noop(
                "Needs at least six passages with a single theme, of at least two themes."
            )
        }
    items = [Passage(id=i, text=p.text) for i, p in enumerate(single)]
    engines = ["tfidf"] + (["semantic"] if (semantic_available() if semantic is None else semantic) else [])
    by_engine = {}
    for engine in engines:
        found = candidate_themes(items, n_themes=n_themes, engine=engine, cache=DatabaseEmbeddingCache())
        by_id = {pid: theme.theme_id for theme in found for pid in theme.passage_ids}
        scores = evaluate_themes(truth, [by_id.get(i, -1) for i in range(len(single))])
        by_engine[found.engine_used] = {
            "adjusted_rand_index": scores.adjusted_rand_index,
            "normalized_mutual_info": scores.normalized_mutual_info,
        }
    baseline = evaluate_themes(truth, list(baseline_themes([p.text for p in single], n_themes)))
    best = max(by_engine, key=lambda name: by_engine[name]["adjusted_rand_index"])
    return {
        "n_samples": len(single),
        "n_themes": n_themes,
        "engine": best,
        **by_engine[best],
        "engines": by_engine,
        "baseline_adjusted_rand_index": baseline.adjusted_rand_index,
        "baseline_normalized_mutual_info": baseline.normalized_mutual_info,
    }


def program_evaluate(
    *,
    program: Program,
    roles: Roles | None = None,
    person: Person | None = None,
    progress: Progress | None = None,
    reuse: bool = True,
) -> tuple[Evaluation, bool]:
    """Measure code, category and perspective suggestions and theme match; returns (evaluation, reused).

    An evaluation of the same data (same fingerprint) is reused unless reuse is False.
    """
    step = progress or (lambda percent, message: None)
    fingerprint = selectors.program_fingerprint(program=program)
    if reuse:
        existing = Evaluation.objects.filter(program=program, fingerprint=fingerprint).first()
        if existing is not None:
            return existing, True
    step(5, "Collecting the coded passages")
    sources = selectors.insight_sources(program=program, roles=roles)
    passages = selectors.coded_passages(sources=sources)
    if not passages:
        raise ApplicationError(_("There are no coded de-identified passages to measure against yet."))
    theme_names = dict(Theme.objects.filter(program=program).values_list("pk", "name"))
    result: dict[str, Any] = {
        "n_coded": len(passages),
        "n_sources": len({p.source_id for p in passages}),
    }
    step(15, "Cross-validating code suggestions")
    result["code"] = evaluate_codes(passages, theme_names)
    step(45, "Cross-validating categories")
    result["category"] = evaluate_labels(
        passages, "category", codebook=selectors.codebook_examples(program=program)
    )
    step(65, "Cross-validating perspectives")
    result["perspective"] = evaluate_labels(passages, "perspective")
    step(85, "Comparing candidate themes with the human themes")
    result["themes"] = evaluate_theme_match(passages, theme_names)
    evaluation = Evaluation.objects.create(
        program=program, requested_by=person, fingerprint=fingerprint, result=result
    )
    return evaluation, False
