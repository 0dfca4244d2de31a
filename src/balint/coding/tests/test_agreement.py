import math

import pytest
from sklearn.metrics import cohen_kappa_score

from balint.coding.agreement import (
    NEEDS_EXACTLY_TWO_CODERS,
    NEEDS_TWO_CODERS,
    NO_SHARED_UNITS,
    NO_UNITS,
    NO_VARIATION,
    Disagreement,
    agreement_report,
    cohen_kappa,
    disagreements,
    krippendorff_alpha,
    percent_agreement,
)

THEME = "feelings"


def _row(values: str) -> list[str | None]:
    """Turn '1 2 *' into a ratings row, '*' meaning the coder did not rate that unit."""
    return [None if v == "*" else v for v in values.split()]


def _binary(values: str, theme: str = THEME) -> dict[int, set[str]]:
    """Turn '0 1 *' into unit -> themes applied, '*' meaning the coder did not code that unit."""
    return {i: ({theme} if v == "1" else set()) for i, v in enumerate(values.split()) if v != "*"}


# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
# https://repository.upenn.edu/asc_papers/43 - section A (binary, two observers, ten units): alpha = 0.095.
KRIPPENDORFF_A = ("0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0")
# Same paper, section B (nominal, two observers, twelve units): alpha = 0.692.
KRIPPENDORFF_B = ("1 1 2 2 4 3 3 3 5 4 4 1", "2 1 2 2 2 3 3 3 5 4 4 4")
# Same paper, section C (nominal, four observers, twelve units, missing values): alpha = 0.743.
KRIPPENDORFF_C = (
    "1 2 3 3 2 1 4 1 2 * * *",
    "1 2 3 3 2 2 4 1 2 5 * 3",
    "* 3 3 3 2 3 4 2 2 5 1 *",
    "1 2 3 3 2 4 4 1 2 5 1 *",
)

# Cohen's kappa, Wikipedia's worked example (50 grant proposals, readers A and B):
# both yes 20, A yes / B no 5, A no / B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4.
COHEN_PAIRS = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15


def _cohen_coding() -> dict[str, dict[int, set[str]]]:
    return {
        "A": {i: ({THEME} if a else set()) for i, (a, _) in enumerate(COHEN_PAIRS)},
        "B": {i: ({THEME} if b else set()) for i, (_, b) in enumerate(COHEN_PAIRS)},
    }


def test_it_matches_krippendorffs_binary_two_observer_example_through_the_report():
    coding = {"A": _binary(KRIPPENDORFF_A[0]), "B": _binary(KRIPPENDORFF_A[1])}
    figures = agreement_report(coding=coding).by_theme[THEME]
    assert round(figures.krippendorff_alpha.value, 3) == 0.095
    assert figures.units == 10


def test_it_matches_krippendorffs_nominal_two_observer_example():
    assert round(krippendorff_alpha([_row(r) for r in KRIPPENDORFF_B]).value, 3) == 0.692


def test_it_matches_krippendorffs_four_observer_example_with_missing_values():
    assert round(krippendorff_alpha([_row(r) for r in KRIPPENDORFF_C]).value, 3) == 0.743


def test_it_treats_a_coder_who_did_not_code_a_unit_as_missing_not_absent():
    # Units 10-12 of section C projected onto "value 5 present?": missing stays missing.
    coding = {
        f"c{i}": {u: {v} for u, v in enumerate(_row(r)) if v is not None}
        for i, r in enumerate(KRIPPENDORFF_C)
    }
    report = agreement_report(coding=coding, themes=["5"])
    projected = [[None if v is None else v == "5" for v in _row(r)] for r in KRIPPENDORFF_C]
    assert report.by_theme["5"].krippendorff_alpha == krippendorff_alpha(projected)
    # Unit 12 (index 11) was coded by one coder only, so it is not pairable.
    assert report.by_theme["5"].units == 11


def test_it_matches_the_textbook_cohen_kappa_example():
    figures = agreement_report(coding=_cohen_coding()).by_theme[THEME]
    assert figures.cohen_kappa.value == pytest.approx(0.4)
    assert figures.percent_agreement.value == pytest.approx(0.7)


def test_it_matches_sklearn_cohen_kappa():
    first = [a for a, _ in COHEN_PAIRS]
    second = [b for _, b in COHEN_PAIRS]
    assert cohen_kappa([first, second]).value == pytest.approx(cohen_kappa_score(first, second))
    nominal = [_row(r) for r in KRIPPENDORFF_B]
    assert cohen_kappa(nominal).value == pytest.approx(cohen_kappa_score(*nominal))


def test_it_computes_percent_agreement_by_hand():
    # Section A: units 1, 3, 6, 9 differ; 6 of 10 agree.
    assert percent_agreement([_row(r) for r in KRIPPENDORFF_A]).value == pytest.approx(0.6)
    # Three coders: a unit agrees only when all who rated it agree; the unit rated once is not counted.
    ratings = [["x", "x", "y", "x"], ["x", "y", "y", None], ["x", "x", "y", None]]
    assert percent_agreement(ratings).value == pytest.approx(2 / 3)


def test_it_reports_mean_and_pooled_overall_figures():
    coding = {
        "A": {0: {"trust"}, 1: {"trust", "anger"}, 2: set(), 3: {"anger"}},
        "B": {0: {"trust"}, 1: {"trust"}, 2: {"anger"}, 3: {"anger"}},
    }
    report = agreement_report(coding=coding)
    # trust: 4/4 agree; anger: units 1 and 2 differ, 2/4 agree. Mean = 0.75, pooled = 6/8.
    assert report.by_theme["trust"].percent_agreement.value == 1.0
    assert report.by_theme["anger"].percent_agreement.value == 0.5
    assert report.mean.percent_agreement.value == pytest.approx(0.75)
    assert report.pooled.percent_agreement.value == pytest.approx(6 / 8)
    assert report.pooled.units == 8
    trust_kappa = report.by_theme["trust"].cohen_kappa.value
    anger_kappa = report.by_theme["anger"].cohen_kappa.value
    assert report.mean.cohen_kappa.value == pytest.approx((trust_kappa + anger_kappa) / 2)
    pooled_first = [1, 1, 0, 0, 0, 1, 0, 1]  # trust on units 0-3, then anger on units 0-3
    pooled_second = [1, 1, 0, 0, 0, 0, 1, 1]
    assert report.pooled.cohen_kappa.value == pytest.approx(cohen_kappa_score(pooled_first, pooled_second))


def test_it_inflates_agreement_when_uncoded_units_are_included():
    coding = {"A": _binary("1 1 0 1 0 0 0 0 0 0"), "B": _binary("1 0 1 1 0 0 0 0 0 0")}
    included = agreement_report(coding=coding, uncoded="include")
    excluded = agreement_report(coding=coding, uncoded="exclude")
    assert included.units == 10
    assert excluded.units == 4  # units 0-3: someone applied a theme there
    assert included.by_theme[THEME].percent_agreement.value == pytest.approx(0.8)
    assert excluded.by_theme[THEME].percent_agreement.value == pytest.approx(0.5)
    assert included.by_theme[THEME].cohen_kappa.value > excluded.by_theme[THEME].cohen_kappa.value
    assert (
        included.by_theme[THEME].krippendorff_alpha.value > excluded.by_theme[THEME].krippendorff_alpha.value
    )


def test_it_keeps_units_where_another_theme_was_applied_when_excluding_uncoded():
    coding = {
        "A": {0: {"trust"}, 1: {"anger"}, 2: set()},
        "B": {0: {"trust"}, 1: {"anger"}, 2: set()},
    }
    report = agreement_report(coding=coding, uncoded="exclude")
    assert report.units == 2
    assert report.by_theme["trust"].percent_agreement.value == 1.0
    assert report.by_theme["trust"].krippendorff_alpha.value == pytest.approx(1.0)


def test_it_refuses_an_unknown_uncoded_option():
    with pytest.raises(ValueError, match="uncoded"):
        agreement_report(coding=_cohen_coding(), uncoded="ignore")


def test_it_returns_none_with_a_reason_for_one_coder():
    report = agreement_report(coding={"A": _binary("1 0 1")})
    figures = report.by_theme[THEME]
    assert figures.percent_agreement.value is None
    assert figures.cohen_kappa.reason == NEEDS_TWO_CODERS
    assert figures.krippendorff_alpha.reason == NEEDS_TWO_CODERS
    assert report.mean.krippendorff_alpha.value is None
    assert report.mean.themes_left_out["krippendorff_alpha"] == 1


def test_it_returns_none_with_a_reason_when_there_is_no_variation():
    coding = {"A": _binary("1 1 1"), "B": _binary("1 1 1")}
    figures = agreement_report(coding=coding).by_theme[THEME]
    assert figures.percent_agreement.value == 1.0
    assert figures.cohen_kappa == figures.krippendorff_alpha
    assert figures.cohen_kappa.value is None
    assert figures.cohen_kappa.reason == NO_VARIATION


def test_it_returns_none_for_a_codebook_theme_nobody_applied():
    coding = {"A": _binary("1 0"), "B": _binary("1 0")}
    report = agreement_report(coding=coding, themes=[THEME, "unused"])
    assert report.by_theme["unused"].krippendorff_alpha.reason == NO_VARIATION
    assert report.mean.krippendorff_alpha.value == pytest.approx(1.0)
    assert report.mean.themes_left_out["krippendorff_alpha"] == 1


def test_it_returns_none_with_a_reason_for_zero_units():
    report = agreement_report(coding={"A": {}, "B": {}}, themes=[THEME])
    assert report.units == 0
    assert report.by_theme[THEME].cohen_kappa.reason == NO_UNITS
    assert report.pooled.krippendorff_alpha.reason == NO_UNITS
    assert agreement_report(coding={}).pooled.percent_agreement.reason == NEEDS_TWO_CODERS


def test_it_returns_none_when_no_unit_was_coded_by_two_coders():
    coding = {"A": _binary("1 0 * *"), "B": _binary("* * 0 1")}
    figures = agreement_report(coding=coding).by_theme[THEME]
    assert figures.percent_agreement.reason == NO_SHARED_UNITS
    assert figures.cohen_kappa.reason == NO_SHARED_UNITS
    assert figures.krippendorff_alpha.reason == NO_SHARED_UNITS


def test_it_gives_kappa_only_for_exactly_two_coders():
    coding = {"A": _binary("1 0 1 0"), "B": _binary("1 0 0 0"), "C": _binary("1 1 1 0")}
    figures = agreement_report(coding=coding).by_theme[THEME]
    assert figures.cohen_kappa.value is None
    assert figures.cohen_kappa.reason == NEEDS_EXACTLY_TWO_CODERS.format(count=3)
    assert figures.krippendorff_alpha.value is not None


def test_it_never_returns_nan():
    cases = [
        {"A": _binary("0 0"), "B": _binary("0 0")},
        {"A": _binary("1"), "B": _binary("*")},
        {"A": _binary("0 1 *"), "B": _binary("0 * 1")},
        {"A": {}, "B": _binary("1 1")},
    ]
    for coding in cases:
        report = agreement_report(coding=coding, themes=[THEME])
        for figures in [*report.by_theme.values(), report.pooled]:
            for figure in (figures.percent_agreement, figures.cohen_kappa, figures.krippendorff_alpha):
                assert figure.value is None or math.isfinite(figure.value)
                assert figure.value is not None or figure.reason


def test_it_lists_disagreements_for_side_by_side_discussion():
    coding = {
        "A": {("s1", 0): {"trust"}, ("s1", 1): {"anger"}, ("s2", 0): set()},
        "B": {("s1", 0): {"trust", "anger"}, ("s1", 1): set()},
        "C": {("s1", 0): {"trust"}, ("s2", 0): {"anger"}},
    }
    assert disagreements(coding=coding, theme="trust") == []
    assert disagreements(coding=coding, theme="anger") == [
        Disagreement(unit=("s1", 0), theme="anger", applied={"A": False, "B": True, "C": False}),
        Disagreement(unit=("s1", 1), theme="anger", applied={"A": True, "B": False}),
        Disagreement(unit=("s2", 0), theme="anger", applied={"A": False, "C": True}),
    ]
    assert len(disagreements(coding=coding)) == 3
