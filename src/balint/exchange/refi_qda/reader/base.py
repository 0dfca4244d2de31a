"""The state shared by the parts of the project reader, and its readers of single values."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from lxml import etree

from ..errors import RefiQdaError
from ..model import (
    Case,
    PlainTextSelection,
    TextSource,
    UnsupportedPart,
    Variable,
    canonical_guid,
)
from ..positions import (
    UNITS,
)
from .archive import Limits, _Archive
from .values import _parse_datetime, _variable_value
from .xmldoc import _child, _children, _local, _where

AUTO = "auto"


class _ReaderBase:
    """The reader's state and how it reads GUIDs, dates, colours, note references and variable values."""

    def __init__(self, archive: _Archive | None, limits: Limits, position_unit: str = AUTO) -> None:
        if position_unit not in {AUTO, *UNITS}:
            raise RefiQdaError(f"Unknown position unit {position_unit!r}.")
        self.archive = archive
        self.limits = limits
        self.position_unit = position_unit
        self.selections: list[tuple[TextSource, PlainTextSelection]] = []  # raw positions, placed later
        self.warnings: list[str] = []
        self.unsupported: list[UnsupportedPart] = []
        self.guids: set[str] = set()
        self.code_guids: set[str] = set()
        self.variables: dict[str, Variable] = {}
        self.note_targets: dict[str, list[str]] = defaultdict(list)
        self.origin = ""

    def _variable_value(self, element: Any, source: TextSource | Case) -> None:
        ref = _child(element, "VariableRef")
        variable = (
            self.variables.get(self._optional_guid(ref, "targetGUID") or "") if ref is not None else None
        )
        if variable is None:
            self.warnings.append(
                f"{type(source).__name__} {source.name}: a value for an unknown variable was left out."
            )
            return
        for child in element.iterchildren(tag=etree.Element):
            kind = _local(child)
            if kind == "VariableRef":
                continue
            value = _variable_value(kind, child.text or "")
            if value is None:
                self.warnings.append(
                    f"{type(source).__name__} {source.name}: value {child.text!r} of {variable.name} "
                    "could not be read."
                )
            else:
                source.variables[variable.name] = value
            return

    # -- values

    def _note_refs(self, element: Any, target: str) -> None:
        for ref in _children(element, "NoteRef"):
            note_guid = self._optional_guid(ref, "targetGUID")
            if note_guid is not None and target not in self.note_targets[note_guid]:
                self.note_targets[note_guid].append(target)

    def _guid(self, element: Any, attribute: str = "guid") -> str:
        """Return the element's GUID in canonical form; a missing or malformed GUID cannot be tolerated."""
        value = element.get(attribute)
        if not value:
            raise RefiQdaError(f"A {_local(element)} has no {attribute}.", element=_where(element))
        try:
            return canonical_guid(value)
        except ValueError:
            raise RefiQdaError(f"{value[:60]!r} is not a GUID.", element=_where(element)) from None

    def _claim(self, element: Any) -> str:
        """Return the element's GUID, refusing one already used: references to it would be ambiguous."""
        guid = self._guid(element)
        if guid in self.guids:
            raise RefiQdaError(f"GUID {guid} is used by two objects.", element=_where(element))
        self.guids.add(guid)
        return guid

    def _optional_guid(self, element: Any, attribute: str) -> str | None:
        value = element.get(attribute)
        if not value:
            return None
        try:
            return canonical_guid(value)
        except ValueError:
            self.warnings.append(
                f"{_where(element)}: {attribute} {value[:60]!r} is not a GUID; it was ignored."
            )
            return None

    def _datetime(self, value: str | None) -> datetime | None:
        if not value:
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            self.warnings.append(f"Date {value[:40]!r} could not be read; it was left out.")
        return parsed

    def _color(self, value: str | None, guid: str) -> str | None:
        if not value:
            return None
        digits = value.strip().lstrip("#")
        if re.fullmatch(r"[0-9A-Fa-f]{8}", digits):
            digits = digits[2:]  # .NET tools write #AARRGGBB; the alpha channel is dropped
        if re.fullmatch(r"[0-9A-Fa-f]{3}", digits):
            digits = "".join(char * 2 for char in digits)
        if re.fullmatch(r"[0-9A-Fa-f]{6}", digits):
            return "#" + digits.upper()
        self.warnings.append(f"Code {guid}: colour {value[:20]!r} could not be read; it was left out.")
        return None
