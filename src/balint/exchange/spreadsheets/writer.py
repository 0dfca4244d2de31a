"""Write tables as CSV or XLSX; every text cell is escaped so no spreadsheet reads it as a formula."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a cell: text that starts like a formula gets a leading apostrophe; None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | datetime.date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents), one header row, escaped cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(safe_cell(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet: bold frozen header, escaped cells, sensible column widths."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet"
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(h)) for h in header]
    for row in rows:
        values = []
        for index, value in enumerate(row):
            value = safe_cell(value)
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                value = value.replace(
                    tzinfo=None
                )  # Excel has no time zones; the value is in the program's zone
            if isinstance(value, str):
                value = "".join(
                    ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32
                )  # XML cannot hold the rest
            values.append(value)
            if index < len(widths):
                widths[index] = max(widths[index], min(len(str(value)), 60))
        sheet.append(values)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
