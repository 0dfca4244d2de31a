"""The exchange page's tables as CSV or XLSX, written by the product's one spreadsheet writer (core)."""

from balint.core.spreadsheets import (
    FORMULA_STARTS,
    Sheet,
    cell_text,
    csv_bytes,
    csv_chunks,
    safe_cell,
    xlsx_bytes,
    xlsx_chunks,
)

__all__ = [
    "FORMULA_STARTS",
    "Sheet",
    "cell_text",
    "csv_bytes",
    "csv_chunks",
    "safe_cell",
    "xlsx_bytes",
    "xlsx_chunks",
]
