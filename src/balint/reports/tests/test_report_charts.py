"""Both drawings of a chart come from one computation: the dashboard's specs and the printed SVGs agree."""

import datetime
from html import escape

from balint.reports.builder import report_build
from balint.reports.render import chartjs_specs, svg_charts
from balint.reports.report_charts import report_charts


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
