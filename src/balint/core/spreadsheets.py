"""The one spreadsheet writer: every CSV and XLSX that Balint hands out is written here.

Each text cell is cleaned, then escaped, then written as text:
1. control characters are stripped (C0 but tab, newline and carriage return; DEL; C1), and lone surrogates
   become U+FFFD, so no input can make an export fail (XML cannot hold them) or hide a formula behind an
   invisible character (U+0001 before `=`);
2. text that a spreadsheet would run as a formula (after leading spaces and invisible format characters:
   `=`, `+`, `-`, `@`, their full-width forms, or a leading tab or carriage return) gets a leading apostrophe;
3. XLSX cells holding text are typed as strings (never formulas), and cut at Excel's 32,767 characters.
Numbers, dates and booleans stay typed values; None is an empty cell.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SURROGATES = re.compile("[\ud800-\udfff]")
XLSX_CELL_MAX = 32_767
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def cell_text(value: str) -> str:
    """Text as a cell holds it: controls stripped, then a formula start escaped with an apostrophe."""
    text = CONTROLS.sub("", SURROGATES.sub("\ufffd", value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    first = next((i for i, ch in enumerate(text) if not _invisible(ch)), len(text))  # however long the run
    if text[first:].startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """The value as a cell: typed values kept (a non-finite number as text), text cleaned and escaped."""
    if value is None:
        return ""
    if isinstance(value, bool | int | datetime.date | datetime.time):
        return value
    if isinstance(value, float | decimal.Decimal):
        return value if math.isfinite(value) else str(value)
    return cell_text(str(value))


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n") -> str:
    """CSV text, one header row, every cell cleaned and escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(safe_cell(value)) for value in row])
    return buffer.getvalue()


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents), one header row, escaped cells."""
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")


@dataclass
class Sheet:
    """One sheet of a workbook: an optional preamble (its first line in a larger bold font), a bold frozen
    header, the rows; `widths` fixes column widths by letter (others fit their content, up to 60)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    preamble: Sequence[Sequence[Any]] = ()
    widths: dict[str, int] = field(default_factory=dict)
    wrap_first_column: bool = False


def sheet_title(title: str, taken: set[str] | None = None) -> str:
    """A title Excel accepts: no []:*?/\\ or controls, at most 31 characters, unique in the book."""
    clean = SHEET_TITLE_FORBIDDEN.sub(" ", CONTROLS.sub("", SURROGATES.sub("", title))).strip("' ")[:31]
    clean = clean or "Sheet"
    base, number = clean, 2
    while taken is not None and clean.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        clean, number = base[: 31 - len(suffix)] + suffix, number + 1
    return clean


def _xlsx_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; the value is in the program's zone
    if isinstance(value, str) and len(value) > XLSX_CELL_MAX:
        return value[: XLSX_CELL_MAX - 1] + "…"
    return value


def _append(sheet: Any, row: Sequence[Any]) -> list[Any]:
    values = [_xlsx_value(v) for v in row]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula
        elif isinstance(value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
    return values


def xlsx_book(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with the given sheets, every cell through the same cleaning and escaping."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title, taken))
        taken.add(sheet.title)
        for index, line in enumerate(spec.preamble):
            _append(sheet, line)
            if index == 0 and line:
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
        header = _append(sheet, spec.header)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        if not spec.preamble:
            sheet.freeze_panes = f"A{header_row + 1}"
        widths = [len(str(h)) for h in header]
        for row in spec.rows:
            values = _append(sheet, row)
            if spec.wrap_first_column:
                sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], min(len(str(value)), 60))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, width + 2)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
    if not sheets:
        workbook.create_sheet("Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet: bold frozen header, escaped cells, sensible column widths."""
    return xlsx_book([Sheet(title=title, header=header, rows=rows)])
