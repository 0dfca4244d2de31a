"""Turn a `Report` into pictures and documents: SVG charts, Chart.js specs, the HTML page and the PDF.

One template (`reports/report.html`) renders the screen page, the standalone HTML file and the PDF;
`standalone=True` inlines the stylesheet so the file and WeasyPrint need nothing else.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from balint.reports.builder import Report
from balint.reports.report_charts import as_chartjs, as_svg, report_charts


def svg_charts(report: Report) -> dict[str, Any]:
    """Every chart of the report as SVG markup, keyed by section; empty sections have no chart."""
    return {key: as_svg(chart) for key, chart in report_charts(report).items()}


def chartjs_specs(report: Report) -> dict[str, Any]:
    """The dashboards' charts, the same `Chart`s as data for Chart.js (null where a cell is suppressed)."""
    return {key: as_chartjs(chart) for key, chart in report_charts(report).items() if chart.dashboard}


def _stylesheet() -> str:
    path = finders.find("reports/reports.css")
    return Path(path).read_text() if path else ""


def report_context(report: Report, *, standalone: bool) -> dict[str, Any]:
    return {
        "report": report,
        "charts": svg_charts(report),
        "standalone": standalone,
        "stylesheet": SafeString(_stylesheet()) if standalone else "",
    }


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report as one HTML document; standalone inlines its CSS so the file works anywhere."""
    return render_to_string("reports/report.html", report_context(report, standalone=standalone))


def render_pdf(report: Report) -> bytes:
    """The report as a PDF with WeasyPrint, from the same HTML; metadata carry no creation time."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its INFO lines are not for users
    from weasyprint import HTML

    # Where HarfBuzz's subsetter is missing, WeasyPrint subsets fonts with fontTools, which stamps each
    # font with the current second unless the reproducible-builds variable says otherwise.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    html = render_html(report, standalone=True)
    buffer = io.BytesIO()
    HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(buffer, uncompressed_pdf=False)
    return buffer.getvalue()
