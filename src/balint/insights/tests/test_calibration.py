"""Calibrated suggestions that abstain below a threshold, run by the packaged model without torch."""

import importlib
import sys
from collections import Counter

import numpy as np
import pytest

from balint.insights.engine import semantic_available
from balint.insights.engine.classify import THRESHOLDS, train_classifier
from balint.insights.engine.corpora import SPLITS, evaluate_corpora, load_corpora
from balint.insights.engine.evaluate import choose_threshold, expected_calibration_error

classify_module = importlib.import_module("balint.insights.engine.classify")

needs_model = pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)


def test_it_measures_the_calibration_error_of_probabilities():
    assert expected_calibration_error(np.array([0.9] * 10), np.array([True] * 9 + [False])) == 0.0
    assert expected_calibration_error(np.array([0.9] * 10), np.array([False] * 10)) == 0.9
    assert expected_calibration_error(np.array([]), np.array([])) == 0.0


def test_it_chooses_the_lowest_threshold_that_reaches_the_precision():
    confidence = np.array([0.35, 0.45, 0.55, 0.65, 0.75, 0.85])
    correct = np.array([False, False, True, False, True, True])
    assert choose_threshold(confidence, correct, 0.66) == 0.5
    assert choose_threshold(confidence, correct, 1.0) == 0.7
    assert choose_threshold(confidence, np.zeros(6, dtype=bool), 0.5) == 0.95  # never reached: abstain


@pytest.mark.parametrize("engine", ["tfidf", pytest.param("semantic", marks=needs_model)])
def test_it_abstains_below_the_threshold_and_suggests_above_it(engine):
    texts = [
        "The afternoon clinic ran late so half of us arrived after the start.",
        "It was like that, more or less.",
    ]
    model = train_classifier([], task="category", engine=engine, switch_on=False)
    clear, vague = model.explain(texts)
    assert clear.label == "structure_logistics" and not clear.abstained
    assert clear.confidence >= clear.threshold == THRESHOLDS[engine]["category"]
    assert vague.abstained and vague.confidence < vague.threshold


@pytest.mark.parametrize("engine", ["tfidf", pytest.param("semantic", marks=needs_model)])
def test_it_says_it_does_not_know_the_category_until_the_program_has_coded_enough(engine, labelled_rows):
    text = "The afternoon clinic ran late so half of us arrived after the start."
    switch_on = classify_module.SWITCH_ON[engine]["category"]
    program = [(row["text"], row["category"]) for row in labelled_rows]
    few = program[: switch_on - 1] if switch_on <= len(program) else program

    (guess,) = train_classifier(few, task="category", engine=engine).explain([text])
    (measured,) = train_classifier(few, task="category", engine=engine, switch_on=False).explain([text])

    assert guess.abstained and guess.label == measured.label == "structure_logistics"
    assert guess.confidence == measured.confidence >= guess.threshold and not measured.abstained
    model = train_classifier(few, task="category", engine=engine)
    assert model.provenance["switch_on"] == switch_on and model.too_few_codings
    (perspective,) = train_classifier([], task="perspective", engine=engine).explain([text])
    assert classify_module.SWITCH_ON[engine]["perspective"] == 0 and perspective.threshold > 0


@needs_model
def test_it_suggests_a_category_once_the_program_has_coded_enough(labelled_rows):
    program = [(row["text"], row["category"]) for row in labelled_rows]
    assert len(program) >= classify_module.SWITCH_ON["semantic"]["category"]
    model = train_classifier(program, task="category", engine="semantic")
    results = model.explain(["The afternoon clinic ran late so half of us arrived after the start."])
    assert not model.too_few_codings and not results[0].abstained


def test_it_corrects_the_probabilities_to_the_programs_label_shares(labelled_rows):
    prior = classify_module._program_prior(["a"] * 8 + ["b"] * 2, ["a", "b", "c"])
    assert prior == pytest.approx(np.array([9, 3, 1]) / 13 * 3)

    program = [(row["text"], row["category"]) for row in labelled_rows]
    shifted = train_classifier(program, task="category", engine="tfidf", recalibrate=False)
    plain = train_classifier(program, task="category", engine="tfidf", recalibrate=False)
    plain.prior = None
    text = ["We talked about it for a while."]
    (most, _), *_ = Counter(label for _, label in program).most_common()
    common = shifted.classes_.index(most)
    assert shifted.predict_proba(text)[0, common] > plain.predict_proba(text)[0, common]
    assert "prior from the program's label shares" in shifted.provenance["classifier"]
    assert train_classifier([], task="category", engine="tfidf").prior is None


@needs_model
def test_it_runs_the_packaged_model_offline_without_a_deep_learning_framework(offline):
    model = train_classifier([], task="category", engine="semantic")
    (result,) = model.explain(["I dreaded her visits because she reminds me of my mother."])
    assert model.engine == "semantic" and result.label == "balint_process"
    assert result.examples and all(isinstance(text, str) for text in result.examples)
    provenance = model.provenance
    assert provenance["model"] == "paraphrase-MiniLM-L3-v2" and provenance["model_version"] == "0.2.1"
    assert "torch" not in sys.modules and "sentence_transformers" not in sys.modules


def test_it_keeps_the_published_quotes_apart_from_training_with_a_held_out_split():
    from balint.insights.engine import starter_set

    corpora = load_corpora()
    assert corpora, "no published corpus"
    starter = {text for text, _ in starter_set("category")}
    for rows in corpora.values():
        assert {row.split for row in rows} == set(SPLITS)
        assert all(row.speaker and row.source and row.text not in starter for row in rows)


def test_it_reports_each_corpus_beside_the_majority_baseline_with_abstention_and_calibration():
    result = evaluate_corpora(engine="tfidf", choose=True)
    for tasks in result["corpora"].values():
        for figures in tasks.values():
            held_out = figures["heldout"]
            assert held_out["n"] >= 5
            for key in ("accuracy", "macro_f1", "baseline_accuracy", "abstention_rate", "calibration_error"):
                assert 0.0 <= held_out[key] <= 1.0
    assert set(result["chosen_thresholds"]) == {"category", "perspective"}


def test_it_compares_candidate_themes_on_each_corpus_with_a_baseline():
    result = evaluate_corpora(engine="tfidf")
    assert set(result["themes"]) == set(result["corpora"])
    for themes in result["themes"].values():
        assert themes["n_themes"] >= 2 and set(themes["engines"]) == {"tfidf"}
        for scores in [*themes["engines"].values(), themes["baseline"]]:
            assert -1.0 <= scores["adjusted_rand_index"] <= 1.0
            assert 0.0 <= scores["normalized_mutual_info"] <= 1.0


def test_it_gives_each_proportion_a_95_percent_interval():
    from balint.insights.engine.corpora import wilson_interval

    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(2, 7)
    assert low < 2 / 7 < high and (round(low, 2), round(high, 2)) == (0.08, 0.64)
    assert wilson_interval(7, 7)[1] == 1.0 and wilson_interval(0, 7)[0] == 0.0
