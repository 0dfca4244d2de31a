"""The report's sections, each built from plain rows; `balint.reports.builder.report_build` composes them."""
