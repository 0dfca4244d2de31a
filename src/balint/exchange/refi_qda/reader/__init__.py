"""Read REFI-QDA .qdpx projects and .qdc codebooks written by other tools into the neutral Project.

Lenient in what it accepts (GUID case and braces, folder casing, older namespaces, missing optional
attributes, Taguette's backslash hierarchy, docx-only sources), strict about safety (zip bombs, path
traversal, oversized members, DOCTYPE/entity tricks). Only RefiQdaError ever leaves this package.

The package: `archive` (the zip checks and the caps), `xmldoc` (safe XML and element access), `values`
(attribute values), and the reader in three layers, `base` (state, GUIDs, dates) under `sources` (texts,
selections, codings) under `project` (the document as a whole).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import IO, ParamSpec, TypeVar

from django.utils.translation import gettext as _

from ..errors import RefiQdaError
from ..model import ImportResult
from .archive import _MB, DEFAULT_LIMITS, Limits, _Archive
from .base import AUTO
from .project import EXTENSIONS_MEMBER, _ProjectReader
from .xmldoc import _is_qda, _local, _parse_xml

Input = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]
P = ParamSpec("P")
R = TypeVar("R")


def _only_refi_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Make sure nothing but RefiQdaError escapes a public reader function."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except RefiQdaError:
            raise
        except Exception as exc:  # the promise to callers: one error type, whatever a hostile file does
            raise RefiQdaError(
                _("The file could not be read ({error}).").format(error=type(exc).__name__)
            ) from exc

    return wrapper


@_only_refi_errors
def read_refi_qda(data: Input, *, limits: Limits = DEFAULT_LIMITS, position_unit: str = AUTO) -> ImportResult:
    """Read a .qdpx archive or a .qdc/.qde XML file, deciding by content; raises only RefiQdaError."""
    raw = _read_input(data, limits)
    if raw[:4] == b"PK\x03\x04" or raw[:4] == b"PK\x05\x06":
        return _read_archive(raw, limits, position_unit)
    return _read_xml_document(raw, limits, position_unit)


@_only_refi_errors
def read_qdpx(data: Input, *, limits: Limits = DEFAULT_LIMITS, position_unit: str = AUTO) -> ImportResult:
    """Read a .qdpx archive (zip holding project.qde and sources); raises only RefiQdaError.

    `position_unit` "auto" decides the unit of selection positions from the file (what it states, the
    tool that wrote it, and which reading places the selections on whole words and characters);
    "utf16" or "codepoints" forces one. The result's `positions` says which unit was used and why.
    """
    return _read_archive(_read_input(data, limits), limits, position_unit)


@_only_refi_errors
def read_qdc(data: Input, *, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a .qdc codebook (a project holding only codes); raises only RefiQdaError."""
    return _read_xml_document(_read_input(data, limits), limits)


# ---------------------------------------------------------------------------------------------- input


def _read_input(data: Input, limits: Limits) -> bytes:
    """Return the bytes of `data`, refusing anything over the input cap."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    elif isinstance(data, str | os.PathLike):
        try:
            with open(data, "rb") as handle:
                raw = handle.read(limits.max_input_bytes + 1)
        except OSError as exc:
            raise RefiQdaError(_("Could not open the file: {reason}.").format(reason=exc.strerror)) from exc
    else:
        raw = data.read(limits.max_input_bytes + 1)
        if not isinstance(raw, bytes):
            raise RefiQdaError(_("The upload must be read in binary mode."))
    if len(raw) > limits.max_input_bytes:
        raise RefiQdaError(_("The file is larger than {mb} MB.").format(mb=limits.max_input_bytes // _MB))
    if not raw:
        raise RefiQdaError(_("The file is empty."))
    return raw


def _read_archive(raw: bytes, limits: Limits, position_unit: str = AUTO) -> ImportResult:
    archive = _Archive(raw, limits)
    info = archive.find("project.qde")
    if info is None:
        top_level = [i for name, i in archive.members.items() if name.endswith(".qde") and "/" not in name]
        if len(top_level) != 1:
            raise RefiQdaError(_("The archive has no project.qde, so it is not a REFI-QDA project."))
        info = top_level[0]
    root = _parse_xml(archive.read(info), info.filename)
    if _local(root) != "Project" or not _is_qda(root):
        raise RefiQdaError(_("project.qde does not hold a REFI-QDA Project."), element=info.filename)
    return _ProjectReader(archive, limits, position_unit).read_project(root)


def _read_xml_document(raw: bytes, limits: Limits, position_unit: str = AUTO) -> ImportResult:
    root = _parse_xml(raw, "codebook")
    kind = _local(root)
    if not _is_qda(root) or kind not in {"CodeBook", "Project"}:
        raise RefiQdaError(_("This is not a REFI-QDA codebook or project."), element=f"<{kind}>")
    reader = _ProjectReader(None, limits, position_unit)
    return reader.read_project(root) if kind == "Project" else reader.read_codebook(root)


__all__ = [
    "AUTO",
    "DEFAULT_LIMITS",
    "EXTENSIONS_MEMBER",
    "Input",
    "Limits",
    "read_qdc",
    "read_qdpx",
    "read_refi_qda",
]
