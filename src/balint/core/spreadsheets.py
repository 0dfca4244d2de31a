"""The one spreadsheet writer: every CSV and XLSX that Balint hands out is written here.

Each text cell is cleaned, then escaped, then written as text:
1. control characters are stripped (C0 but tab, newline and carriage return; DEL; C1), and lone surrogates
   become U+FFFD, so no input can make an export fail (XML cannot hold them) or hide a formula behind an
   invisible character (U+0001 before `=`);
2. text that a spreadsheet would run as a formula (after leading spaces and invisible format characters:
   `=`, `+`, `-`, `@`, their full-width forms, or a leading tab or carriage return) gets a leading apostrophe;
3. XLSX cells holding text are typed as strings (never formulas), and cut at Excel's 32,767 characters.
Numbers, dates and booleans stay typed values; None is an empty cell.

Large tables stream: `csv_chunks` yields the CSV a few hundred rows at a time and `xlsx_write` writes the
workbook in openpyxl's write-only mode (rows go to disk as they come), so memory does not grow with the
rows. openpyxl loads on the first workbook written, not with the URL configuration.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import itertools
import math
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SURROGATES = re.compile("[\ud800-\udfff]")
XLSX_CELL_MAX = 32_767
CSV_ROWS_PER_CHUNK = 500
# Column widths fit the header and the first rows (a write-only sheet fixes them before any row is written).
WIDTH_SAMPLE_ROWS = 1_000
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


def csv_chunks(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """`csv_bytes`, a few hundred rows at a time: the rows are read as the chunks are (constant memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([safe_cell(h) for h in header])
    rows = iter(rows)
    while True:
        for row in itertools.islice(rows, CSV_ROWS_PER_CHUNK):
            writer.writerow([_csv_value(safe_cell(value)) for value in row])
        if not buffer.tell():
            return
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


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


def _cells(
    sheet: Any, values: Sequence[Any], *, font: Any = None, first: Any = None, wrap: Any = None
) -> list[Any]:
    """Write-only cells for one row: text typed as text (never a formula), dates formatted; `font` on every
    cell, `first` (a font) and `wrap` (an alignment) on the first cell only."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula
        elif isinstance(value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        if font is not None:
            cell.font = font
        if index == 0 and first is not None:
            cell.font = first
        if index == 0 and wrap is not None:
            cell.alignment = wrap
        cells.append(cell)
    return cells


def xlsx_write(target: IO[bytes], sheets: Sequence[Sheet]) -> None:
    """An XLSX workbook with the given sheets written to `target`, every cell through the same cleaning and
    escaping; rows are streamed to disk as they come (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title, taken))
        taken.add(sheet.title)
        header = [_xlsx_value(v) for v in spec.header]
        rows = (([_xlsx_value(v) for v in row]) for row in spec.rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        widths = [len(str(h)) for h in header]
        for values in sample:
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], min(len(str(value)), 60))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, width + 2)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if not spec.preamble:
            sheet.freeze_panes = "A2"
        for index, line in enumerate(spec.preamble):
            values = [_xlsx_value(v) for v in line]
            sheet.append(
                _cells(sheet, values, font=Font(bold=True, size=13) if index == 0 and line else None)
            )
        sheet.append(_cells(sheet, header, font=Font(bold=True)))
        wrap = Alignment(wrap_text=True, vertical="top") if spec.wrap_first_column else None
        for values in itertools.chain(sample, rows):
            sheet.append(_cells(sheet, values, wrap=wrap))
    if not sheets:
        workbook.create_sheet("Sheet")
    workbook.save(target)


def xlsx_book(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with the given sheets, as bytes (`xlsx_write`)."""
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets)
    return buffer.getvalue()


def xlsx_chunks(sheets: Sequence[Sheet], chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """`xlsx_write` through a temporary file, then read back in chunks: the workbook is never held whole."""
    with tempfile.TemporaryFile() as file:
        xlsx_write(file, sheets)
        file.seek(0)
        while chunk := file.read(chunk_size):
            yield chunk


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet: bold frozen header, escaped cells, sensible column widths."""
    return xlsx_book([Sheet(title=title, header=header, rows=rows)])
