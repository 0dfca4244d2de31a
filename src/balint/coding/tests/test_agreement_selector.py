"""The agreement page's data path (sources → units → report) against scikit-learn and krippendorff."""

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from balint.coding import selectors, services
from balint.coding.models import Source
from balint.coding.tests.factories import code, make_source, make_theme

PARAGRAPHS = [f"Paragraph {i} about the patient." for i in range(10)]
# Krippendorff (2011), section A: binary, two observers, ten units; alpha = 0.095.
FIRST = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
SECOND = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def _coded_source(world):
    text = "\n\n".join(PARAGRAPHS)
    source = make_source(world.program, text=text)
    theme = make_theme(world.program, "Feelings")
    for coder, decisions in ((world.leader, FIRST), (world.co_leader, SECOND)):
        for index, applied in enumerate(decisions):
            if applied:
                start = text.index(PARAGRAPHS[index])
                code(source, coder, theme, start, start + len(PARAGRAPHS[index]))
        services.source_mark_done(source=source, coder=coder, done=True)
    return source, theme


def test_it_matches_the_published_example_and_reference_libraries(world):
    source, theme = _coded_source(world)
    result = selectors.agreement(
        program=world.program,
        sources=Source.objects.all(),
        coders=[world.leader, world.co_leader],
        granularity="paragraph",
        uncoded="include",
    )
    figures = result.report.by_theme[theme.pk]
    assert figures.units == 10
    assert round(figures.krippendorff_alpha.value, 3) == 0.095
    assert figures.krippendorff_alpha.value == pytest.approx(
        krippendorff.alpha(reliability_data=np.array([FIRST, SECOND]), level_of_measurement="nominal")
    )
    assert figures.cohen_kappa.value == pytest.approx(cohen_kappa_score(FIRST, SECOND))
    assert figures.percent_agreement.value == pytest.approx(0.6)
    assert result.disagreement_count == 4
    assert {row.text for row in result.disagreements} == {PARAGRAPHS[i] for i in (0, 2, 5, 8)}


def test_it_leaves_out_uncoded_units_when_asked(world):
    _coded_source(world)
    result = selectors.agreement(
        program=world.program,
        sources=Source.objects.all(),
        coders=[world.leader, world.co_leader],
        granularity="paragraph",
        uncoded="exclude",
    )
    assert result.report.units == 5  # paragraphs 0, 1, 2, 5, 8: someone applied a theme


def test_it_treats_a_coder_who_never_coded_a_source_as_missing(world):
    source, theme = _coded_source(world)
    result = selectors.agreement(
        program=world.program,
        sources=Source.objects.all(),
        coders=[world.leader, world.co_leader, world.analyst],
        granularity="paragraph",
        uncoded="include",
    )
    assert result.report.by_theme[theme.pk].units == 10
    assert result.report.by_theme[theme.pk].cohen_kappa.value is None  # three coders chosen
