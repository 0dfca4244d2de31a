"""Candidate themes are named by lemmas and phrases, not session filler, and measured beside a baseline."""

import numpy as np
from scipy import sparse

from balint.coding.models import Theme
from balint.insights.engine import Passage, candidate_themes
from balint.insights.engine.text import lemma, theme_terms
from balint.insights.engine.themes import _class_tfidf, baseline_themes
from balint.insights.evaluation import evaluate_theme_match
from balint.insights.selectors import coded_passages, insight_sources


def test_it_leaves_out_the_filler_that_narrates_every_session():
    assert theme_terms("The presenter brought a patient who reminds the resident of her own parent.") == [
        "remind",
        "parent",
    ]
    assert theme_terms("The discussion stayed with it and touched on nothing new.") == []


def test_it_reads_words_as_their_lemmas():
    assert [lemma(word) for word in ("brought", "patients", "does", "spoke", "latecomers")] == [
        "bring",
        "patient",
        "do",
        "speak",
        "latecomer",
    ]
    assert theme_terms("We renegotiated the narcotic contracts at the visit.") == [
        "renegotiate",
        "narcotic",
        "contract",
        "visit",
    ]


def test_it_names_a_cluster_by_the_terms_that_set_it_apart():
    # terms: 0 shared by everyone, 1 only in cluster 0, 2 only in cluster 1
    matrix = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [1, 0, 1], [1, 0, 1]], dtype=float))
    weights = _class_tfidf(matrix, np.array([0, 0, 1, 1]))
    assert weights[0].argmax() == 1 and weights[1].argmax() == 2
    assert weights[0, 0] < weights[0, 1]


def test_it_does_not_group_a_parent_passage_with_latecomers_for_the_word_brought():
    texts = [
        "The presenter brought a patient who reminds the resident of her own parent.",
        "The presenter brought a patient whose mother reminds him of his own mother.",
        "The resident noticed the patient reminded her of her father at the end of his life.",
        "Latecomers arrived after the start and sat and listened.",
        "Two latecomers arrived late from clinic and sat at the back.",
        "Someone brought up that latecomers arrived late again and disrupted the start.",
    ]
    found = candidate_themes([Passage(i, t) for i, t in enumerate(texts)], n_themes=2, engine="tfidf")
    groups = [set(theme.passage_ids) for theme in found]
    assert {0, 1, 2} in groups and {3, 4, 5} in groups
    assert all("brought" not in term and "bring" not in term for t in found for term, _ in t.top_terms)


def test_it_measures_candidate_themes_against_human_themes_beside_a_baseline(labelled_program, world):
    passages = coded_passages(sources=insight_sources(program=world.program))
    names = dict(Theme.objects.filter(program=world.program).values_list("pk", "name"))
    result = evaluate_theme_match(passages, names, semantic=False)
    assert set(result["engines"]) == {"tfidf"}
    for key in ("adjusted_rand_index", "baseline_adjusted_rand_index", "baseline_normalized_mutual_info"):
        assert -1.0 <= result[key] <= 1.0
    assert len(baseline_themes(["refill opioid", "opioid contract", "clinic late"], 2)) == 3
