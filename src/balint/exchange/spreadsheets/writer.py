"""The exchange page's tables as CSV or XLSX, written by the product's one spreadsheet writer (core)."""

from balint.core.spreadsheets import FORMULA_STARTS, cell_text, csv_bytes, safe_cell, xlsx_bytes

__all__ = ["FORMULA_STARTS", "cell_text", "csv_bytes", "safe_cell", "xlsx_bytes"]
