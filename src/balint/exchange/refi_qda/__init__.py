"""REFI-QDA exchange (.qdpx projects, .qdc codebooks).

This package's names are the database-free library (`model`, `reader`, `writer`, `positions`). The modules
that meet the analysis workspace are imported by name: `project` (export), `importer` (import, with `people`,
`import_sources`, `guids`, `summary`); `balint.exchange.qda` is the door the rest of Balint uses.
"""

from .errors import RefiQdaError
from .model import (
    Case,
    Code,
    Coding,
    ImportResult,
    Link,
    Note,
    PlainTextSelection,
    PositionReport,
    Project,
    TextSource,
    UnsupportedPart,
    User,
    Variable,
    canonical_guid,
    derived_guid,
    new_guid,
)
from .positions import CODE_POINTS, UNIT_LABELS, UNITS, UTF16, PositionUnit
from .reader import DEFAULT_LIMITS, Limits, read_qdc, read_qdpx, read_refi_qda
from .writer import DEFAULT_POSITION_UNIT, qdc_bytes, qdpx_bytes, write_qdc, write_qdpx

__all__ = [
    "Case",
    "CODE_POINTS",
    "DEFAULT_LIMITS",
    "DEFAULT_POSITION_UNIT",
    "UNITS",
    "UNIT_LABELS",
    "UTF16",
    "PositionReport",
    "PositionUnit",
    "Code",
    "Coding",
    "ImportResult",
    "Limits",
    "Link",
    "Note",
    "PlainTextSelection",
    "Project",
    "RefiQdaError",
    "TextSource",
    "UnsupportedPart",
    "User",
    "Variable",
    "canonical_guid",
    "derived_guid",
    "new_guid",
    "qdc_bytes",
    "qdpx_bytes",
    "read_qdc",
    "read_qdpx",
    "read_refi_qda",
    "write_qdc",
    "write_qdpx",
]
