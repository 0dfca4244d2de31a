"""The registry of file formats Balint imports and exports; each format folder adds its rows here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One file format: what it is called, its extension, and what Balint does with it."""

    name: str
    extension: str
    media_type: str
    module: str  # dotted path of the package that reads and/or writes it
    can_import: bool
    can_export: bool
    description: str = ""


FORMATS: list[Format] = [
    Format(
        name="REFI-QDA project",
        extension=".qdpx",
        media_type="application/zip",
        module="balint.exchange.refi_qda",
        can_import=True,
        can_export=True,
        description="Sources, codebook, coded selections and memos, exchanged with ATLAS.ti, NVivo, "
        "MAXQDA, QualCoder and other qualitative analysis tools.",
    ),
    Format(
        name="REFI-QDA codebook",
        extension=".qdc",
        media_type="application/xml",
        module="balint.exchange.refi_qda",
        can_import=True,
        can_export=True,
        description="The codebook alone (codes, their hierarchy, colours and descriptions).",
    ),
    Format(
        name="CSV table",
        extension=".csv",
        media_type="text/csv",
        module="balint.exchange.spreadsheets",
        can_import=False,
        can_export=True,
        description="Codings, attendance, focus polls or approved survey transcripts; formula-safe cells.",
    ),
    Format(
        name="Excel workbook",
        extension=".xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        module="balint.exchange.spreadsheets",
        can_import=False,
        can_export=True,
        description="The same tables as CSV, written with openpyxl.",
    ),
    Format(
        name="iCalendar feed",
        extension=".ics",
        media_type="text/calendar",
        module="balint.meetings",
        can_import=False,
        can_export=True,
        description="A group's session schedule, served by the meetings app's calendar feeds.",
    ),
    Format(
        name="Balint backup",
        extension=".zip",
        media_type="application/zip",
        module="balint.exchange.backup",
        can_import=True,
        can_export=True,
        description="Every record of the installation or of one program: manifest.json (format version, "
        "migrations, SHA-256 per member) and one JSONL file per model.",
    ),
]


def format_for_extension(extension: str) -> Format | None:
    """Return the registered format for a file extension (case-insensitive, with or without dot), or None."""
    wanted = "." + extension.lower().lstrip(".")
    return next((fmt for fmt in FORMATS if fmt.extension == wanted), None)
