"""REFI-QDA exchange (.qdpx projects, .qdc codebooks).

This package's names are the database-free library (`model`, `reader`, `writer`, `positions`). The modules
that meet the analysis workspace are imported by name: `project` (export), `importer` (import, with `people`,
`import_sources`, `guids`, `summary`); `balint.exchange.qda` is the door the rest of Balint uses.

The reader and the writer load lxml, so their names are imported on first use (`refi.read_qdpx`,
`refi.qdpx_bytes`, ...), not when a server process loads its URL configuration (issue 20).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from .positions import CODE_POINTS, DEFAULT_POSITION_UNIT, UNIT_LABELS, UNITS, UTF16, PositionUnit

if TYPE_CHECKING:
    from .reader import DEFAULT_LIMITS, Limits, read_qdc, read_qdpx, read_refi_qda
    from .writer import qdc_bytes, qdpx_bytes, write_qdc, write_qdpx

_LAZY = {
    "DEFAULT_LIMITS": "reader",
    "Limits": "reader",
    "read_qdc": "reader",
    "read_qdpx": "reader",
    "read_refi_qda": "reader",
    "qdc_bytes": "writer",
    "qdpx_bytes": "writer",
    "write_qdc": "writer",
    "write_qdpx": "writer",
}


def __getattr__(name: str) -> Any:
    """Import the reader or the writer (and lxml) when one of their names is first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


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
