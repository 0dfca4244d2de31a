"""Corpora kept outside the repository, the CEReD mapping, the baseline at the same coverage, and the two
calibration steps of issue 27: trust by familiarity and a temperature fitted to the program's codings."""

import importlib

import numpy as np
import pytest

from balint.insights.engine import semantic_available
from balint.insights.engine.corpora import (
    CORPORA_ENV,
    CorpusRow,
    _figures,
    _mean_figures,
    beats_majority,
    cered_rows,
    corpora_directories,
    evaluate_corpora,
    load_corpora,
    write_corpus,
)
from balint.insights.engine.types import Classification

classify_module = importlib.import_module("balint.insights.engine.classify")

needs_model = pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)

HEADER = "idx\tcontext\tsentence\ty\tconfidence\ty_requires_context\n"


def _tsv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"{i}\tctx\t{text}\t{label}\t[5, 5]\t\n" for i, text, label in rows))


def test_it_maps_cered_labels_by_the_written_rule_and_keeps_their_test_split_held_out(tmp_path):
    _tsv(
        tmp_path / "val" / "sentences.tsv",
        [
            (1, "I felt nervous before the lesson.", "Feeling"),
            (2, "We read a poem with the class.", "Experience"),
            (3, "Teachers should be patient.", "Belief"),
        ],
    )
    _tsv(
        tmp_path / "test" / "sentences.tsv",
        [
            (7, "I learned to keep the class calm.", "Learning"),
            (8, "Next time I will plan less.", "Intention"),
        ],
    )
    _tsv(tmp_path / "train" / "sentences.tsv", [(9, "Their training split: codings only.", "Feeling")])

    rows = cered_rows(tmp_path)

    assert [(row.id, row.split, row.category) for row in rows] == [
        ("cered-train-9", "train", "well_being"),
        ("cered-val-1", "tune", "well_being"),
        ("cered-val-2", "tune", "practical_patient_care"),
        ("cered-test-7", "heldout", "professional_development"),
        ("cered-test-8", "heldout", "professional_development"),
    ]
    assert all(row.perspective == "" for row in rows)


def test_it_reads_corpora_named_outside_the_repository_and_skips_an_unlabelled_perspective(
    tmp_path, monkeypatch
):
    rows = [
        CorpusRow(f"x-{i}", split, text, category, "", "", "test")
        for i, (split, text, category) in enumerate(
            [
                ("tune", "The session started late again and the room was cold.", "structure_logistics"),
                ("tune", "I was exhausted after three nights on call.", "well_being"),
                ("tune", "We agreed to meet on Tuesdays at noon.", "structure_logistics"),
                ("heldout", "I slept badly all week and felt empty.", "well_being"),
                ("heldout", "The rota changed so half of us missed it.", "structure_logistics"),
                ("heldout", "Nobody told us the room had moved.", "structure_logistics"),
            ]
        )
    ]
    write_corpus(rows, tmp_path / "outside.csv")
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path))

    assert tmp_path in corpora_directories()
    assert load_corpora(corpora_directories())["outside"] == rows
    result = evaluate_corpora(engine="tfidf")

    assert set(result["corpora"]["outside"]) == {"category"}  # no perspective labelled: not measured
    assert result["corpora"]["outside"]["category"]["heldout"]["n"] == 3
    assert result["themes"]["outside"]["n_themes"] == 2


def test_it_refuses_a_corpus_folder_that_does_not_exist(tmp_path):
    with pytest.raises(ValueError, match="No corpus folder"):
        load_corpora([tmp_path / "missing"])


def test_it_compares_what_it_answers_with_the_majority_label_on_the_same_rows():
    truth = ["a", "a", "a", "b", "b"]
    results = [
        Classification("a", 0.9, [], abstained=False),
        Classification("b", 0.3, [], abstained=True),
        Classification("a", 0.2, [], abstained=True),
        Classification("b", 0.8, [], abstained=False),
        Classification("a", 0.7, [], abstained=False),
    ]

    figures = _figures(truth, results, ("a", "b"))

    assert figures["coverage"] == 0.6 and figures["precision_shown"] == round(2 / 3, 4)
    assert figures["baseline_accuracy_shown"] == round(1 / 3, 4)  # "a" on rows 0, 3 and 4


def test_the_mean_of_several_draws_averages_numbers_and_never_booleans():
    draws = [
        {"accuracy": 0.5, "n": 10, "label": "x"},
        {"accuracy": 0.7, "n": 20, "beats": True, "coverage": 0.4},
        {"accuracy": None, "n": 30, "beats": False},
    ]
    assert _mean_figures(draws) == {"accuracy": 0.6, "n": 20.0, "coverage": 0.4}


def test_it_trusts_a_passage_as_far_as_it_resembles_what_was_trained_on():
    rng = np.random.default_rng(0)
    centre = np.zeros(16)
    centre[0] = 1.0
    training = centre + 0.3 * rng.standard_normal((40, 16))
    training /= np.linalg.norm(training, axis=1, keepdims=True)
    familiarity = classify_module.Familiarity(training)
    stranger = np.zeros((1, 16))
    stranger[0, 5] = 1.0

    trust = familiarity.trust(np.vstack([centre, stranger]))

    assert trust[0] == 1.0 and trust[1] == 0.0


@needs_model
def test_an_unfamiliar_passage_gets_no_category_suggestion_where_a_familiar_one_does():
    model = classify_module.train_classifier([], task="category", engine="semantic", switch_on=False)
    familiar, stranger = model.explain(
        [
            "The afternoon clinic ran late so half of us arrived after the start.",
            "Titrate the sulfuric acid against sodium hydroxide with phenolphthalein.",
        ]
    )
    assert not familiar.abstained
    assert stranger.abstained
    assert "unfamiliar passages" in model.provenance["classifier"]


def test_it_fits_a_temperature_to_the_programs_own_codings(labelled_rows):
    program = [(row["text"], row["category"]) for row in labelled_rows[:45]]

    plain = classify_module.train_classifier(program, task="category", engine="tfidf", recalibrate=False)
    fitted = classify_module.train_classifier(program, task="category", engine="tfidf")
    few = classify_module.train_classifier(program[:10], task="category", engine="tfidf")

    assert plain.temperature == 1.0 and few.temperature == 1.0
    assert fitted.temperature in classify_module.RECALIBRATION_TEMPERATURES
    assert fitted.temperature < 1.0  # the starter set makes it too cautious on a program's own notes
    texts = [text for text, _ in program[:5]]
    assert (fitted.predict_proba(texts).max(axis=1) > plain.predict_proba(texts).max(axis=1)).all()
    assert f"temperature {fitted.temperature:g}" in fitted.provenance["classifier"]
    perspectives = [(row["text"], row["perspective"]) for row in labelled_rows[:45]]
    assert (
        classify_module.train_classifier(perspectives, task="perspective", engine="tfidf").temperature == 1.0
    )


def test_familiarity_is_the_same_computed_in_chunks_and_samples_a_large_training_set(monkeypatch):
    rng = np.random.default_rng(1)
    training = rng.standard_normal((60, 8))
    training /= np.linalg.norm(training, axis=1, keepdims=True)
    queries = training[:10] + 0.1 * rng.standard_normal((10, 8))
    whole = classify_module.Familiarity(training)
    monkeypatch.setattr(classify_module, "FAMILIAR_CHUNK", 7)
    chunked = classify_module.Familiarity(training)

    assert (chunked.low, chunked.high) == pytest.approx((whole.low, whole.high))
    assert chunked.trust(queries) == pytest.approx(whole.trust(queries))
    monkeypatch.setattr(classify_module, "FAMILIAR_SAMPLE", 20)
    sampled = classify_module.Familiarity(training)
    assert sampled.low <= sampled.high and sampled.trust(training).shape == (60,)


def test_balint_evaluate_prints_a_corpus_kept_outside_with_coverage_and_the_baseline_on_the_same_rows(
    tmp_path,
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    rows = [
        CorpusRow(f"y-{i}", split, text, category, "", "", "test")
        for i, (split, text, category) in enumerate(
            [
                ("tune", "The clinic ran late so half of us arrived after the start.", "structure_logistics"),
                ("tune", "I was exhausted after three nights on call.", "well_being"),
                ("heldout", "Our group moved to Thursdays because of the rota.", "structure_logistics"),
                ("heldout", "I slept badly all week and felt empty.", "well_being"),
            ]
        )
    ]
    write_corpus(rows, tmp_path / "elsewhere.csv")
    out = StringIO()

    call_command("evaluate", "--corpora", "--engine", "tfidf", "--corpora-dir", str(tmp_path), stdout=out)

    printed = out.getvalue()
    assert "elsewhere · category" in printed and "elsewhere · perspective" not in printed
    assert "coverage 75%: right when shown 0.667 against the majority label on the same rows" in printed
    with pytest.raises(CommandError, match="No corpus folder"):
        call_command("evaluate", "--corpora", "--corpora-dir", str(tmp_path / "missing"), stdout=StringIO())


def test_it_draws_a_programs_codings_from_the_training_rows_and_measures_them_beside_both_majorities(
    tmp_path, monkeypatch
):
    texts = {
        "structure_logistics": [
            "The session started late because the room was booked twice.",
            "We moved the meeting to Thursdays at noon.",
            "Half the group arrived late after the clinic ran over.",
            "The rota changed and nobody told us about the new room.",
        ],
        "well_being": [
            "I was exhausted after three nights on call.",
            "I slept badly all week and felt empty.",
            "I cried in the car before my shift.",
            "I feel tired and worn down by the ward.",
        ],
    }
    rows = [
        CorpusRow(f"r{i}-{j}", split, text, category, "", "", "test")
        for i, (category, items) in enumerate(texts.items())
        for j, (split, text) in enumerate(zip(["train", "train", "tune", "heldout"], items, strict=True))
    ]
    write_corpus(rows, tmp_path / "tiny.csv")
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path))

    result = evaluate_corpora(engine="tfidf", sizes=(0, 3, 9), draws=2)

    assert result["corpora"]["tiny"]["category"]["heldout"]["n"] == 2  # training rows are never measured
    assert result["switch_on"]["category"] == classify_module.SWITCH_ON["tfidf"]["category"]
    curve = result["learning_curves"]["tiny"]["category"]
    assert curve["pool"] == 4 and [p["n_codings"] for p in curve["points"]] == [0, 3]  # 9 > the pool
    none, some = curve["points"]
    assert none["draws"] == 1 and none["heldout"].get("trained_majority_accuracy") is None
    assert some["draws"] == 2 and some["heldout"]["trained_majority_accuracy"] == 0.5
    assert some["heldout"]["baseline_accuracy"] == 0.5 and isinstance(some["heldout"]["beats"], bool)


def test_it_beats_the_majority_only_when_right_more_often_where_it_answers_and_no_less_overall():
    figures = {
        "accuracy": 0.7,
        "precision_shown": 0.8,
        "baseline_accuracy": 0.9,
        "baseline_accuracy_shown": 0.9,
        "trained_majority_accuracy": 0.6,
        "trained_majority_accuracy_shown": 0.5,
    }
    assert beats_majority(figures)  # against the codings' majority, not the oracle
    assert not beats_majority(figures | {"trained_majority_accuracy": 0.75})
    assert not beats_majority(figures | {"precision_shown": None})
    assert not beats_majority(figures | {"trained_majority_accuracy": None})  # the oracle: 0.9
