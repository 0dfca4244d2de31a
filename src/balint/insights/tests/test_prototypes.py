"""Category suggestions from closeness to each label's centre (descriptions, codebook, examples)."""

import numpy as np
import pytest

from balint.insights.engine import semantic_available
from balint.insights.engine.classify import MIN_PROGRAM_PASSAGES, MIX_HALF, train_classifier
from balint.insights.engine.prototypes import RESIDUAL_LABEL, fit_prototypes, label_descriptions

pytestmark = pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)


def test_it_describes_every_category_but_the_residual_in_plain_words():
    described = {label for _, label in label_descriptions("category")}
    assert described >= {
        "balint_process",
        "professional_development",
        "practical_patient_care",
        "group_process",
        "structure_logistics",
        "well_being",
    }


def test_it_suggests_by_closeness_alone_until_the_program_has_coded_enough():
    model = train_classifier([], task="category", engine="semantic", switch_on=False)
    assert model.calibrated is None and model.mix == 0.0
    assert "closeness to each label's centre" in model.provenance["classifier"]
    (angry, group) = model.explain(
        ["I felt angry at him and then guilty for it.", "In the group I found out the others feel like me."]
    )
    assert angry.label == "balint_process" and not angry.abstained
    assert group.label == "group_process" and not group.abstained


def test_it_joins_the_trained_classifier_with_a_weight_that_grows_with_the_program(labelled_rows):
    few = [(row["text"], row["category"]) for row in labelled_rows[: MIN_PROGRAM_PASSAGES - 1]]
    many = [(row["text"], row["category"]) for row in labelled_rows[:60]]
    assert train_classifier(few, task="category", engine="semantic").calibrated is None
    model = train_classifier(many, task="category", engine="semantic")
    assert model.calibrated is not None and model.mix == pytest.approx(60 / (60 + MIX_HALF))
    probabilities = model.predict_proba(["I felt angry at him and then guilty for it."])
    assert probabilities.shape == (1, len(model.classes_)) and probabilities.sum() == pytest.approx(1.0)


def test_it_gives_the_residual_label_no_centre_but_the_average_score():
    vectors = np.eye(4, dtype=np.float32)[[0, 0, 1, 1, 2, 2]]
    labels = ["a", "a", "b", "b", RESIDUAL_LABEL, RESIDUAL_LABEL]
    model = fit_prototypes(
        task="none", vectors=vectors, labels=labels, weights=np.ones(6), embed=lambda texts: np.zeros((0, 4))
    )
    assert model.classes_ == ["a", "b", RESIDUAL_LABEL] and model.centres.shape == (2, 4)
    near_a, near_nothing = model.predict_proba(np.eye(4, dtype=np.float32)[[0, 3]])
    assert near_a.argmax() == 0
    assert near_nothing[2] > near_nothing[0] and near_nothing[0] == pytest.approx(near_nothing[1])


def test_it_lets_the_codebook_definitions_pull_a_passage_to_their_category():
    text = "The photocopier on the third floor jammed before the session."
    plain = train_classifier([], task="category", engine="semantic")
    codebook = [
        ("Broken photocopiers, printers and other office machines before sessions.", "structure_logistics"),
        ("The photocopier jammed and the handouts were late.", "structure_logistics"),
    ]
    informed = train_classifier([], task="category", engine="semantic", codebook=codebook)
    column = informed.classes_.index("structure_logistics")
    assert informed.predict_proba([text])[0, column] > plain.predict_proba([text])[0, column]
    assert any("photocopier" in description for description, _ in informed.prototypes.descriptions)
