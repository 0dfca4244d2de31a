"""The state shared by the parts of the project reader, and its readers of single values."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
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
            raise RefiQdaError(_("Unknown position unit {unit!r}.").format(unit=position_unit))
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
                _("{kind} {name}: a value for an unknown variable was left out.").format(
                    kind=type(source).__name__, name=source.name
                )
            )
            return
        for child in element.iterchildren(tag=etree.Element):
            kind = _local(child)
            if kind == "VariableRef":
                continue
            value = _variable_value(kind, child.text or "")
            if value is None:
                self.warnings.append(
                    _("{kind} {name}: value {value!r} of {variable} could not be read.").format(
                        kind=type(source).__name__, name=source.name, value=child.text, variable=variable.name
                    )
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
            raise RefiQdaError(
                _("{element} has no {attribute}.").format(element=_local(element), attribute=attribute),
                element=_where(element),
            )
        try:
            return canonical_guid(value)
        except ValueError:
            raise RefiQdaError(
                _("{value!r} is not a GUID.").format(value=value[:60]), element=_where(element)
            ) from None

    def _claim(self, element: Any) -> str:
        """Return the element's GUID, refusing one already used: references to it would be ambiguous."""
        guid = self._guid(element)
        if guid in self.guids:
            raise RefiQdaError(
                _("GUID {guid} is used by two objects.").format(guid=guid), element=_where(element)
            )
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
                _("{where}: {attribute} {value!r} is not a GUID; it was ignored.").format(
                    where=_where(element), attribute=attribute, value=value[:60]
                )
            )
            return None

    def _datetime(self, value: str | None) -> datetime | None:
        if not value:
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            self.warnings.append(
                _("Date {value!r} could not be read; it was left out.").format(value=value[:40])
            )
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
        self.warnings.append(
            _("Code {guid}: colour {value!r} could not be read; it was left out.").format(
                guid=guid, value=value[:20]
            )
        )

        return None
