"""Both drawings of a chart come from one computation: the dashboard's specs and the printed SVGs agree."""

import datetime
from html import escape

from balint.reports.builder import report_build
from balint.reports.render import chartjs_specs, svg_charts
from balint.reports.report_charts import Chart, Line, report_charts


def _report(world):
    return report_build(
        program=world.program,
        date_from=datetime.date(2024, 1, 1),
        date_to=datetime.date(2024, 12, 31),
        issued=datetime.date(2025, 1, 2),
        k=2,
    )


def test_it_draws_every_dashboard_chart_from_the_same_chart_as_the_svg(world, evaluation):
    report = _report(world)
    computed = report_charts(report)
    specs, svgs = chartjs_specs(report), svg_charts(report)
    assert set(svgs) == set(computed)
    assert set(specs) == {key for key, chart in computed.items() if chart.dashboard}
    assert {"attendance", "focus", "likert"} <= set(specs)
    for key, spec in specs.items():
        chart = computed[key]
        if chart.kind == "diverging":  # floating bars: see the diverging tests below
            continue
        shown = [s for s in chart.series if not (s.optional and not any(s.values))]
        assert [d["label"] for d in spec["datasets"]] == [s.name for s in shown]
        for dataset, series in zip(spec["datasets"], shown, strict=True):
            assert dataset["data"] == [None if v is None else round(v, 1) for v in series.values]
            assert escape(series.name) in svgs[key]  # in the SVG's legend


def test_it_leaves_a_suppressed_value_out_of_both_drawings(world, evaluation):
    report = _report(world)
    hidden = [(i, r) for i, r in enumerate(report.attendance) if r.late.suppressed]
    spec = chartjs_specs(report)["attendance"]
    late = next(d for d in spec["datasets"] if d["label"] == "Arrived late")
    for i, row in hidden:
        assert late["data"][i] is None and late["notes"][i] == row.late.display


def test_it_centres_every_likert_bar_on_the_neutral_middle_on_one_shared_scale(world, evaluation):
    chart = report_charts(_report(world))["likert"]
    assert chart.kind == "diverging"
    assert [s.name for s in chart.drawn] == ["Disagree", "Neutral", "Agree"]
    disagree, neutral, agree = chart.spans()
    farthest = 0.0
    for row in range(len(chart.labels)):
        values = [s.values[row] for s in chart.drawn]
        middle = values[1] or 0
        if neutral[row] is not None:
            assert neutral[row] == (-middle / 2, middle / 2)
        if disagree[row] is not None:  # ends where the neutral half begins, as long as its share
            assert disagree[row][1] == -middle / 2
            assert disagree[row][1] - disagree[row][0] == values[0]
        if agree[row] is not None:
            assert agree[row][0] == middle / 2
            assert agree[row][1] - agree[row][0] == values[2]
        farthest = max(farthest, *(abs(end) for span in (disagree[row], agree[row]) if span for end in span))
    # one scale for every statement: the farthest end, rounded up to a quarter
    assert chart.top == min(100, max(25, 25 * -(-farthest // 25))) and chart.top >= farthest


def test_it_lays_a_hidden_bin_out_of_the_way_and_keeps_the_row_centred():
    chart = Chart(
        kind="diverging",
        title="t",
        labels=["hidden neutral", "all shown"],
        series=[
            Line("Disagree", "#c8553d", [30, 10]),
            Line("Neutral", "#c5ced6", [None, 20]),
            Line("Agree", "#2f6f73", [50, 70]),
            Line("Withheld", "#e3e8ec", [20, 0], aside=True),
        ],
        centre=1,
    )
    assert chart.spans() == [
        [(-30, 0), (-20, -10)],
        [None, (-10, 10)],
        [(0, 50), (10, 80)],
    ]


def test_it_draws_the_diverging_likert_chart_on_both_sides_of_the_same_scale(world, evaluation):
    report = _report(world)
    chart = report_charts(report)["likert"]
    spec, svg = chartjs_specs(report)["likert"], svg_charts(report)["likert"]
    assert spec["diverging"] and spec["max"] == chart.top
    spans = chart.spans()
    for dataset, series, rows in zip(spec["datasets"], chart.drawn, spans, strict=True):
        assert dataset["label"] == series.name
        assert dataset["data"] == [None if s is None else [round(s[0], 1), round(s[1], 1)] for s in rows]
    columns = spec["table"]["columns"]
    assert columns[:4] == ["n", "Disagree", "Neutral", "Agree"]
    assert [row[0] for row in spec["table"]["rows"]] == list(chart.labels)
    # the SVG writes the scale without sign on both sides of its centre line, and names both sides
    assert f">{round(chart.top)}%</text>" in svg and "← Disagree" in svg and "Agree →" in svg
