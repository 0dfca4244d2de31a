"""Code suggestions carry a calibrated probability, are shown above a threshold and abstain below it."""

import numpy as np
import pytest

from balint.core.errors import ApplicationError
from balint.insights import services
from balint.insights.engine.evaluate import evaluate_code_suggestions
from balint.insights.engine.suggest import CODE_THRESHOLD, CodeSuggester, calibrate_code_scores


def coded(labelled_rows):
    return [(row["text"], {row["category"]}) for row in labelled_rows], [
        row["source"] for row in labelled_rows
    ]


def test_it_calibrates_nothing_from_a_single_source(labelled_rows):
    pairs, _ = coded(labelled_rows)
    assert calibrate_code_scores(pairs, ["one"] * len(pairs)) is None


def test_it_turns_vote_shares_into_probabilities_that_rise_with_the_share_and_the_first_rank(labelled_rows):
    pairs, groups = coded(labelled_rows)
    calibration = calibrate_code_scores(pairs, groups)
    assert calibration is not None and calibration.n_samples > len(pairs)
    low, high = calibration.probability(0.1, 0, 0.5), calibration.probability(0.9, 0, 0.5)
    assert 0.0 < low < high < 1.0
    assert calibration.probability(0.5, 1, 0.5) < calibration.probability(0.5, 0, 0.5)
    faint, close = calibration.probability(1.0, 0, 0.05), calibration.probability(1.0, 0, 0.6)
    assert faint < close, "one faintly similar passage is less sure than a close one"
    suggester = CodeSuggester(pairs, calibration=calibration)
    (best, *_) = suggester.suggest("The clinic ran late and I missed the start of the group.", k=3)
    assert best.probability is not None and 0.0 <= best.probability <= 1.0


def test_it_measures_abstention_precision_when_shown_and_calibration_of_codes(labelled_rows):
    pairs, groups = coded(labelled_rows)
    result = evaluate_code_suggestions(pairs, groups, k=3)
    assert 0.0 <= result.abstention_rate < 1.0 and 0.0 <= result.calibration_error <= 1.0
    assert result.precision_shown > result.baseline_top1_accuracy, "shown codes beat the most frequent theme"


def test_it_shows_at_most_three_codes_each_above_the_threshold(labelled_program, world):
    made = services.source_suggest(source=labelled_program.extra, roles=None, person=world.analyst)
    codes = [s for s in made if s.kind == "code"]
    assert codes
    by_passage = {}
    for suggestion in codes:
        by_passage.setdefault(suggestion.start, []).append(suggestion)
    for suggestions in by_passage.values():
        shown = [s for s in suggestions if not s.abstained]
        assert len(shown) <= 3
        assert all(s.score >= CODE_THRESHOLD == s.threshold for s in shown)
        assert shown or len(suggestions) == 1, "an abstention is one 'no suggestion' row, nothing more"
        assert "Calibrated probability" in suggestions[0].explanation["text"] or suggestions[0].abstained


def test_it_stores_no_code_suggestion_when_no_theme_is_likely_enough(labelled_program, world):
    source = labelled_program.extra
    source.text += "\n\nIt was a long week for everyone in the program and on the wards."
    source.save(update_fields=["text"])
    start = source.text.index("It was a long week")
    made = services.source_suggest(
        source=source, roles=None, person=world.analyst, span=(start, len(source.text))
    )
    codes = [s for s in made if s.kind == "code"]
    assert len(codes) == 1, "the best guess is kept as one 'no suggestion' row"
    for code in codes:
        assert code.abstained and code.score < CODE_THRESHOLD
        assert code.explanation["evidence"] == [] and code.source_ids == [source.pk]
        assert code.explanation["text"].startswith("No suggestion")
        with pytest.raises(ApplicationError, match="not sure enough"):
            services.suggestion_accept(suggestion=code, person=world.analyst)


@pytest.mark.parametrize("share", [0.0, 0.25, 0.5, 1.0])
def test_it_keeps_each_probability_in_the_unit_interval(labelled_rows, share):
    pairs, groups = coded(labelled_rows)
    calibration = calibrate_code_scores(pairs, groups)
    probability = calibration.probability(share, 2, share)
    assert np.isfinite(probability) and 0.0 <= probability <= 1.0
