"""Read REFI-QDA .qdpx projects and .qdc codebooks written by other tools into the neutral Project.

Lenient in what it accepts (GUID case and braces, folder casing, older namespaces, missing optional
attributes, Taguette's backslash hierarchy, docx-only sources), strict about safety (zip bombs, path
traversal, oversized members, DOCTYPE/entity tricks). Only RefiQdaError ever leaves this module.
"""

from __future__ import annotations

import codecs
import functools
import io
import json
import math
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import IO, Any, ParamSpec, TypeVar
from urllib.parse import unquote

from lxml import etree

from .errors import RefiQdaError
from .model import (
    Case,
    Code,
    Coding,
    ImportResult,
    Note,
    PlainTextSelection,
    PositionReport,
    Project,
    TextSource,
    UnsupportedPart,
    User,
    Variable,
    VariableValue,
    canonical_guid,
    derived_guid,
)
from .positions import (
    CODE_POINTS,
    UNIT_LABELS,
    UNITS,
    UTF16,
    Offsets,
    PositionUnit,
    prior_unit,
    read_positions,
    split_statement,
)

Input = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]
P = ParamSpec("P")
R = TypeVar("R")

_MB = 1024 * 1024
_VARIABLE_TYPES = {"Text", "Boolean", "Integer", "Float", "Date", "DateTime"}
_OTHER_SOURCES = {"PictureSource", "PDFSource", "AudioSource", "VideoSource"}
_MAX_SCHEMA_WARNINGS = 10
EXTENSIONS_MEMBER = "balint.json"  # Balint's own fields, beside project.qde; other tools do not read it
AUTO = "auto"


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile file from exhausting memory or time."""

    max_input_bytes: int = 200 * _MB
    max_total_uncompressed_bytes: int = 500 * _MB
    max_member_bytes: int = 100 * _MB
    max_entries: int = 10_000
    max_ratio: int = 100
    # Tiny members can compress by odd ratios legitimately; the ratio counts only above this size.
    ratio_floor_bytes: int = 1 * _MB


DEFAULT_LIMITS = Limits()


def _only_refi_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Make sure nothing but RefiQdaError escapes a public reader function."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except RefiQdaError:
            raise
        except Exception as exc:  # the promise to callers: one error type, whatever a hostile file does
            raise RefiQdaError(f"The file could not be read ({type(exc).__name__}).") from exc

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
            raise RefiQdaError(f"Could not open the file: {exc.strerror}.") from exc
    else:
        raw = data.read(limits.max_input_bytes + 1)
        if not isinstance(raw, bytes):
            raise RefiQdaError("The upload must be read in binary mode.")
    if len(raw) > limits.max_input_bytes:
        raise RefiQdaError(f"The file is larger than {limits.max_input_bytes // _MB} MB.")
    if not raw:
        raise RefiQdaError("The file is empty.")
    return raw


class _Archive:
    """A zip archive checked for bombs and traversal, with case-insensitive member lookup."""

    def __init__(self, raw: bytes, limits: Limits, *, label: str = "archive") -> None:
        self.limits = limits
        self.label = label
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except Exception as exc:  # zipfile raises many types on garbage (BadZipFile, EOFError, ValueError...)
            raise RefiQdaError(f"The {label} is not a readable zip file.", element=label) from exc
        if len(infos) > limits.max_entries:
            raise RefiQdaError(f"The {label} holds more than {limits.max_entries} files.", element=label)
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_member_name(info.filename)
            if info.flag_bits & 0x1:
                raise RefiQdaError("The archive is password-protected.", element=info.filename)
            if info.file_size > limits.max_member_bytes:
                raise RefiQdaError(
                    f"A file in the {label} is larger than {limits.max_member_bytes // _MB} MB.",
                    element=info.filename,
                )
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise RefiQdaError(
                    f"The {label} looks like a zip bomb (compression ratio too high).", element=info.filename
                )
            total += info.file_size
            if not info.is_dir():
                self.members.setdefault(info.filename.replace("\\", "/").lower(), info)
        if total > limits.max_total_uncompressed_bytes:
            raise RefiQdaError(
                f"The {label} unpacks to more than {limits.max_total_uncompressed_bytes // _MB} MB.",
                element=label,
            )
        if total > limits.ratio_floor_bytes and total > limits.max_ratio * len(raw):
            raise RefiQdaError(
                f"The {label} looks like a zip bomb (compression ratio too high).", element=label
            )
        self.budget = limits.max_total_uncompressed_bytes

    def find(self, *names: str) -> zipfile.ZipInfo | None:
        """Return the first member matching one of `names`, ignoring case and slash direction."""
        for name in names:
            info = self.members.get(name.replace("\\", "/").lower())
            if info is not None:
                return info
        return None

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """Return a member's bytes, counting what really comes out rather than trusting the header."""
        cap = min(info.file_size, self.limits.max_member_bytes, self.budget)
        chunks = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while chunk := handle.read(64 * 1024):
                    size += len(chunk)
                    if size > cap:
                        raise RefiQdaError(
                            "A file in the archive unpacks to more than it declares.", element=info.filename
                        )
                    chunks.append(chunk)
        except RefiQdaError:
            raise
        except Exception as exc:  # corrupt deflate data, CRC mismatch, unsupported compression method
            raise RefiQdaError("A file in the archive is damaged.", element=info.filename) from exc
        self.budget -= size
        return b"".join(chunks)


def _check_member_name(name: str) -> None:
    """Refuse archive entries that would escape a folder if anyone ever extracted them."""
    normalized = name.replace("\\", "/")
    parts = normalized.split("/")
    if (
        normalized.startswith("/")
        or re.match(r"^[A-Za-z]:", normalized)
        or ".." in parts
        or "\x00" in normalized
    ):
        raise RefiQdaError("The archive contains an unsafe path.", element=name[:200])


# ------------------------------------------------------------------------------------------------ XML


def _parse_xml(raw: bytes, where: str) -> Any:
    """Parse untrusted XML with entities, DTDs and network off; refuse any DOCTYPE."""
    head = raw[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in raw:
        raise RefiQdaError(
            "The XML declares a DOCTYPE or entities, which REFI-QDA never needs.", element=where
        )
    parser = etree.XMLParser(  # a fresh parser per document: lxml parsers are not thread-safe
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise RefiQdaError(
            f"The XML is not well-formed: {exc.msg}", element=f"{where} line {exc.lineno}"
        ) from exc
    except (ValueError, etree.LxmlError) as exc:
        raise RefiQdaError("The XML could not be parsed.", element=where) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. UTF-16 input the byte check cannot see
        raise RefiQdaError(
            "The XML declares a DOCTYPE or entities, which REFI-QDA never needs.", element=where
        )
    return root


@functools.lru_cache(maxsize=512)
def _split_tag(tag: str) -> tuple[str, str, bool]:
    """Namespace, local name and whether the namespace is REFI-QDA's (or none), of a Clark-notation tag."""
    namespace, brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if not brace:
        namespace, local = "", tag
    return namespace, local, namespace == "" or namespace.startswith("urn:QDA-XML:")


def _local(element: Any) -> str:
    return _split_tag(element.tag)[1]


def _is_qda(element: Any) -> bool:
    return _split_tag(element.tag)[2]


def _children(element: Any, name: str) -> Iterator[Any]:
    for child in element.iterchildren(tag=etree.Element):
        _, local, qda = _split_tag(child.tag)
        if local == name and qda:
            yield child


def _child(element: Any, name: str) -> Any | None:
    return next(_children(element, name), None)


def _child_text(element: Any, name: str) -> str:
    child = _child(element, name)
    return (child.text or "") if child is not None else ""


@functools.lru_cache(maxsize=2)
def _schema_document(filename: str) -> Any:
    data = resources.files("balint.exchange.refi_qda").joinpath("data").joinpath(filename).read_bytes()
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _schema_warnings(root: Any, kind: str) -> list[str]:
    """Validate a copy of the document, moved into the official namespace, and describe what fails."""
    namespace, filename = {
        "Project": ("urn:QDA-XML:project:1.0", "Project-mrt2019.xsd"),
        "CodeBook": ("urn:QDA-XML:codebook:1.0", "Codebook-mrt2019.xsd"),
    }[kind]
    copy = deepcopy(root)
    for element in copy.iter(tag=etree.Element):
        if _is_qda(element):
            element.tag = f"{{{namespace}}}{_local(element)}"
    etree.cleanup_namespaces(copy)
    schema = etree.XMLSchema(_schema_document(filename))  # per call: a schema's error log is shared state
    if schema.validate(copy):
        return []
    errors = list(schema.error_log)
    warnings = [
        f"Not as the REFI-QDA schema expects: {error.message} (line {error.line})."
        for error in errors[:_MAX_SCHEMA_WARNINGS]
    ]
    if len(errors) > _MAX_SCHEMA_WARNINGS:
        warnings.append(f"... and {len(errors) - _MAX_SCHEMA_WARNINGS} more schema differences.")
    return warnings


# -------------------------------------------------------------------------------------------- reading


def _read_archive(raw: bytes, limits: Limits, position_unit: str = AUTO) -> ImportResult:
    archive = _Archive(raw, limits)
    info = archive.find("project.qde")
    if info is None:
        top_level = [i for name, i in archive.members.items() if name.endswith(".qde") and "/" not in name]
        if len(top_level) != 1:
            raise RefiQdaError("The archive has no project.qde, so it is not a REFI-QDA project.")
        info = top_level[0]
    root = _parse_xml(archive.read(info), info.filename)
    if _local(root) != "Project" or not _is_qda(root):
        raise RefiQdaError("project.qde does not hold a REFI-QDA Project.", element=info.filename)
    return _ProjectReader(archive, limits, position_unit).read_project(root)


def _read_xml_document(raw: bytes, limits: Limits, position_unit: str = AUTO) -> ImportResult:
    root = _parse_xml(raw, "codebook")
    kind = _local(root)
    if not _is_qda(root) or kind not in {"CodeBook", "Project"}:
        raise RefiQdaError("This is not a REFI-QDA codebook or project.", element=f"<{kind}>")
    reader = _ProjectReader(None, limits, position_unit)
    return reader.read_project(root) if kind == "Project" else reader.read_codebook(root)


class _ProjectReader:
    """Turns a parsed REFI-QDA document into the neutral model, collecting warnings and left-out parts."""

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

    # -- documents

    def read_codebook(self, root: Any) -> ImportResult:
        self.warnings.extend(_schema_warnings(root, "CodeBook"))
        self.origin = root.get("origin") or ""
        project = Project(name="Imported codebook", origin=root.get("origin") or "")
        codes_element = _child(root, "Codes")
        project.codes = self._codes(codes_element) if codes_element is not None else []
        self._unsupported_children(root, "Sets", "Set", "Balint has no code sets.")
        return ImportResult(project=project, unsupported=self.unsupported, warnings=self.warnings)

    def read_project(self, root: Any) -> ImportResult:
        self.warnings.extend(_schema_warnings(root, "Project"))
        self.origin, stated_unit = split_statement(root.get("origin") or "")
        name = root.get("name")
        if not name:
            self.warnings.append("The project has no name; it was called 'Imported project'.")
        project = Project(
            name=name or "Imported project",
            origin=self.origin,
            description=_child_text(root, "Description"),
            creating_user=self._optional_guid(root, "creatingUserGUID"),
            created_at=self._datetime(root.get("creationDateTime")),
        )
        users = _child(root, "Users")
        project.users = self._users(users) if users is not None else []
        codebook = _child(root, "CodeBook")
        codes = _child(codebook, "Codes") if codebook is not None else None
        project.codes = self._codes(codes) if codes is not None else []
        variables = _child(root, "Variables")
        project.variables = self._variables(variables) if variables is not None else []
        sources = _child(root, "Sources")
        project.sources = self._sources(sources) if sources is not None else []
        notes = _child(root, "Notes")
        project.notes = self._notes(notes) if notes is not None else []
        cases = _child(root, "Cases")
        project.cases = self._cases(cases, project.sources) if cases is not None else []
        self._unsupported_children(root, "Links", "Link", "Balint does not import links between objects.")
        self._unsupported_children(root, "Sets", "Set", "Balint has no sets.")
        self._unsupported_children(root, "Graphs", "Graph", "Balint does not import graphs (networks).")
        known_notes = {note.guid for note in project.notes}
        for target in self.note_targets:
            if target not in known_notes:
                self.warnings.append(f"A note reference points to a missing note {target}; it was ignored.")
        for note in project.notes:
            note.refers_to = self.note_targets.get(note.guid, [])
        project.extensions = self._extensions()
        positions = self._place_selections(stated_unit)
        return ImportResult(
            project=project, unsupported=self.unsupported, warnings=self.warnings, positions=positions
        )

    # -- selection positions

    def _place_selections(self, stated: PositionUnit | None) -> PositionReport:
        """Decide the unit of every selection's positions, then turn them into code points of the text.

        The unit is the one asked for, else the one the file states (our own exports), else the one
        that places more of the selections whose readings differ on whole words and characters, else the
        one the origin tool is known to write. A boundary inside a surrogate pair is widened to the whole
        character (repaired); a selection outside the text in that unit is left out (could not be placed).
        """
        offsets = {id(source): Offsets(source.text) for source, _ in self.selections}
        fits = dict.fromkeys(UNITS, 0)
        differing = 0
        for source, selection in self.selections:
            text_offsets = offsets[id(source)]
            if not text_offsets.differs:
                continue
            readings = {
                unit: read_positions(text_offsets, selection.start, selection.end, unit) for unit in UNITS
            }
            if (readings[UNITS[0]].start, readings[UNITS[0]].end) == (
                readings[UNITS[1]].start,
                readings[UNITS[1]].end,
            ):
                continue
            differing += 1
            for unit, reading in readings.items():
                fits[unit] += reading.fits
        prior = prior_unit(self.origin)
        if self.position_unit != AUTO:
            unit, reason = self.position_unit, "chosen for this import"
        elif stated is not None:
            unit, reason = stated, "as the file states"
        elif differing and fits[UTF16] != fits[CODE_POINTS]:
            unit = UTF16 if fits[UTF16] > fits[CODE_POINTS] else CODE_POINTS
            reason = (
                f"of {differing} selections that the two units place differently, {fits[unit]} fall on whole "
                f"words and characters this way and {fits[_other(unit)]} as {UNIT_LABELS[_other(unit)]}"
            )
            if unit == prior == UTF16:
                reason = f"{self.origin} counts in UTF-16 code units; {reason}"
        else:
            unit = prior
            known = f"{self.origin} writes them" if prior != CODE_POINTS else "the usual reading"
            reason = known if not differing else f"{known}; the text did not tell the units apart"
        report = PositionReport(unit=unit, reason=reason)
        kept: dict[int, list[PlainTextSelection]] = defaultdict(list)
        for source, selection in self.selections:
            text_offsets = offsets[id(source)]
            reading = read_positions(text_offsets, selection.start, selection.end, unit)
            report.selections += 1
            if not reading.in_range:
                report.unplaced += 1
                self.unsupported.append(
                    UnsupportedPart(
                        kind="PlainTextSelection",
                        name=source.name,
                        guid=selection.guid,
                        reason=f"Its position {selection.start}-{selection.end} lies outside the text of "
                        f"{text_offsets.length(unit)} {UNIT_LABELS[unit]}.",
                    )
                )
                continue
            if reading.split_pair:  # half an emoji cannot be coded: the whole character is
                report.repaired += 1
            selection.start, selection.end = reading.start, reading.end
            kept[id(source)].append(selection)
        for source, _ in self.selections:
            source.selections = kept[id(source)]
        return report

    def _extensions(self) -> dict[str, dict[str, str]]:
        """Balint's own fields from balint.json (absent in other tools' files); bad content is ignored."""
        info = self.archive.find(EXTENSIONS_MEMBER) if self.archive is not None else None
        if info is None:
            return {}
        try:
            data = json.loads(self.archive.read(info).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.warnings.append(f"{EXTENSIONS_MEMBER} could not be read; Balint's own fields were left out.")
            return {}
        objects = data.get("objects") if isinstance(data, dict) else None
        if not isinstance(objects, dict):
            return {}
        extensions = {}
        for guid, fields in objects.items():
            try:
                key = canonical_guid(str(guid))
            except ValueError:
                continue
            if isinstance(fields, dict):
                extensions[key] = {str(k): v for k, v in fields.items() if isinstance(v, str)}
        return extensions

    # -- parts

    def _users(self, element: Any) -> list[User]:
        users = []
        for user_element in _children(element, "User"):
            guid = self._guid(user_element)
            if guid in self.guids:
                self.warnings.append(f"User {guid} is listed twice; the second one was ignored.")
                continue
            self.guids.add(guid)
            users.append(
                User(guid=guid, name=user_element.get("name") or "", identifier=user_element.get("id") or "")
            )
        return users

    def _codes(self, element: Any) -> list[Code]:
        codes = [self._code(child) for child in _children(element, "Code")]
        if self.origin.lower().startswith("taguette"):  # elsewhere a backslash is just part of a name
            codes = _nest_backslash_codes(codes, self.code_guids)
        return codes

    def _code(self, element: Any) -> Code:
        guid = self._claim(element)
        self.code_guids.add(guid)
        name = element.get("name")
        if name is None:
            self.warnings.append(f"Code {guid} has no name; it was called 'Unnamed code'.")
        code = Code(
            guid=guid,
            name="Unnamed code" if name is None else name,
            color=self._color(element.get("color"), guid),
            description=_child_text(element, "Description"),
            is_codable=_boolean(element.get("isCodable"), default=True),
        )
        self._note_refs(element, guid)
        code.children = [self._code(child) for child in _children(element, "Code")]
        return code

    def _variables(self, element: Any) -> list[Variable]:
        variables = []
        for variable_element in _children(element, "Variable"):
            guid = self._claim(variable_element)
            kind = variable_element.get("typeOfVariable") or ""
            if kind not in _VARIABLE_TYPES:
                self.warnings.append(f"Variable {guid} has type {kind!r}; it was read as Text.")
                kind = "Text"
            variable = Variable(
                guid=guid,
                name=variable_element.get("name") or f"Variable {len(variables) + 1}",
                type=kind,
                description=_child_text(variable_element, "Description"),
            )  # type: ignore[arg-type]
            self.variables[guid] = variable
            variables.append(variable)
        return variables

    def _cases(self, element: Any, sources: list[TextSource]) -> list[Case]:
        """Cases with their variable values and the sources and selections they group (unknown left out)."""
        source_guids = {source.guid for source in sources}
        selection_guids = {selection.guid for source in sources for selection in source.selections}
        cases = []
        for case_element in _children(element, "Case"):
            guid = self._claim(case_element)
            case = Case(
                guid=guid,
                name=case_element.get("name") or f"Case {len(cases) + 1}",
                description=_child_text(case_element, "Description"),
            )
            for value_element in _children(case_element, "VariableValue"):
                self._variable_value(value_element, case)
            for tag, known, target in (
                ("SourceRef", source_guids, case.source_guids),
                ("SelectionRef", selection_guids, case.selection_guids),
            ):
                for ref in _children(case_element, tag):
                    found = self._optional_guid(ref, "targetGUID")
                    if found in known:
                        target.append(found)
                    elif found is not None:
                        self.warnings.append(f"Case {case.name}: a {tag} to a missing object was left out.")
            cases.append(case)
        return cases

    def _sources(self, element: Any) -> list[TextSource]:
        sources = []
        for child in element.iterchildren(tag=etree.Element):
            kind = _local(child)
            if kind == "TextSource":
                source = self._text_source(child)
                if source is not None:
                    sources.append(source)
            else:
                reason = (
                    "Balint imports text sources only."
                    if kind in _OTHER_SOURCES
                    else "Unknown kind of source."
                )
                self.unsupported.append(
                    UnsupportedPart(
                        kind=kind,
                        name=child.get("name") or "",
                        reason=reason,
                        guid=self._optional_guid(child, "guid"),
                    )
                )
        return sources

    def _text_source(self, element: Any) -> TextSource | None:
        guid = self._claim(element)
        name = element.get("name") or f"Source {guid[:8]}"
        text = self._source_text(element, f"TextSource {name}")
        if text is None:
            self.unsupported.append(
                UnsupportedPart(
                    kind="TextSource",
                    name=name,
                    guid=guid,
                    reason="Its text is not inside the file (no plain text, no readable .docx).",
                )
            )
            return None
        source = TextSource(
            guid=guid,
            name=name,
            text=text,
            description=_child_text(element, "Description"),
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )
        for selection_element in _children(element, "PlainTextSelection"):
            selection = self._selection(selection_element, source)
            if selection is not None:
                source.selections.append(selection)
                self.selections.append((source, selection))
        for coding in _children(element, "Coding"):
            self.unsupported.append(
                UnsupportedPart(
                    kind="Coding",
                    name=name,
                    guid=self._optional_guid(coding, "guid"),
                    reason="Coding of a whole document is not imported.",
                )
            )
        self._note_refs(element, guid)
        for value_element in _children(element, "VariableValue"):
            self._variable_value(value_element, source)
        return source

    def _source_text(self, element: Any, where: str) -> str | None:
        """Return the plain text of a source: inline content, the plain-text file, or text of the .docx."""
        inline = _child(element, "PlainTextContent")
        if inline is not None and inline.text:
            return inline.text
        plain_path = element.get("plainTextPath")
        if plain_path:
            raw = self._internal_file(plain_path, where)
            if raw is not None:
                return self._decode_text(raw, where)
        rich_path = element.get("richTextPath")
        if rich_path:
            raw = self._internal_file(rich_path, where)
            if raw is not None and rich_path.lower().endswith(".txt"):
                return self._decode_text(raw, where)
            if raw is not None and rich_path.lower().endswith(".docx"):
                text = self._docx_text(raw, where)
                if text is not None:
                    self.warnings.append(
                        f"{where}: text taken from the .docx; coded offsets may shift slightly."
                    )
                return text
        if inline is not None:
            return ""  # an empty PlainTextContent element is an empty document, not a missing one
        return None

    def _internal_file(self, path: str, where: str) -> bytes | None:
        """Return the bytes of an internal:// file, None when it is external or absent."""
        scheme, separator, rest = path.partition("://")
        if not separator:
            scheme, rest = "internal", path
        if scheme.lower() != "internal" or self.archive is None:
            return None
        for candidate in dict.fromkeys([rest, unquote(rest)]):
            _check_member_name(candidate)
            name = candidate.removeprefix("./")
            info = self.archive.find(f"sources/{name}", name)
            if info is not None:
                return self.archive.read(info)
        self.warnings.append(f"{where}: the file {path} is missing from the archive.")
        return None

    def _decode_text(self, raw: bytes, where: str) -> str:
        """Decode a plain-text file as UTF-8 (UTF-16 when it has that BOM), dropping any BOM."""
        for bom, encoding in (
            (codecs.BOM_UTF8, "utf-8"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
        ):
            if raw.startswith(bom):
                return raw[len(bom) :].decode(encoding, errors="replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.warnings.append(f"{where}: the text is not valid UTF-8; unreadable bytes became U+FFFD.")
            return raw.decode("utf-8", errors="replace")

    def _docx_text(self, raw: bytes, where: str) -> str | None:
        """Return the paragraphs of a .docx joined by newlines, after the archive's zip-bomb checks."""
        _Archive(raw, self.limits, label="Word document")  # raises before python-docx unpacks anything
        import docx  # python-docx loads with the first Word document read, not with the site

        try:
            document = docx.Document(io.BytesIO(raw))
            return "\n".join(paragraph.text for paragraph in document.paragraphs)
        except Exception:  # python-docx raises many types on damaged documents
            self.warnings.append(f"{where}: the Word document could not be read.")
            return None

    def _selection(self, element: Any, source: TextSource) -> PlainTextSelection | None:
        """A selection with its raw positions, in the file's unit; _place_selections converts them."""
        guid = self._claim(element)
        start = _integer(element.get("startPosition"))
        end = _integer(element.get("endPosition"))
        if start is None or end is None or not 0 <= start <= end:
            self.unsupported.append(
                UnsupportedPart(
                    kind="PlainTextSelection",
                    name=source.name,
                    guid=guid,
                    reason=f"Its position {element.get('startPosition')}-{element.get('endPosition')} is "
                    "not a stretch of the text.",
                )
            )
            return None
        selection = PlainTextSelection(
            guid=guid,
            start=start,
            end=end,
            name=element.get("name") or "",
            description=_child_text(element, "Description"),
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )
        for coding_element in _children(element, "Coding"):
            coding = self._coding(coding_element)
            if coding is not None:
                selection.codings.append(coding)
            self._note_refs(
                coding_element, guid
            )  # a note on a coding is, for Balint, a note on the selection
        self._note_refs(element, guid)
        return selection

    def _coding(self, element: Any) -> Coding | None:
        code_ref = _child(element, "CodeRef")
        code_guid = self._optional_guid(code_ref, "targetGUID") if code_ref is not None else None
        if code_guid is None or code_guid not in self.code_guids:
            self.warnings.append("A coding refers to a code missing from the codebook; it was left out.")
            return None
        guid = self._optional_guid(element, "guid")
        if guid is not None and guid in self.guids:
            guid = None  # a repeated coding GUID is replaced by a derived one on export rather than refused
        if guid is not None:
            self.guids.add(guid)
        return Coding(
            code_guid=code_guid,
            guid=guid,
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )

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

    def _notes(self, element: Any) -> list[Note]:
        notes = []
        for note_element in _children(element, "Note"):
            guid = self._claim(note_element)
            name = note_element.get("name") or "Note"
            text = self._source_text(note_element, f"Note {name}")
            if text is None:
                self.warnings.append(f"Note {name}: its text is not inside the file; it was imported empty.")
            notes.append(
                Note(
                    guid=guid,
                    name=name,
                    text=text or "",
                    creating_user=self._optional_guid(note_element, "creatingUser"),
                    created_at=self._datetime(note_element.get("creationDateTime")),
                )
            )
        return notes

    def _unsupported_children(self, root: Any, container: str, item: str, reason: str) -> None:
        element = _child(root, container)
        if element is None:
            return
        for child in _children(element, item):
            self.unsupported.append(
                UnsupportedPart(
                    kind=item,
                    name=child.get("name") or "",
                    reason=reason,
                    guid=self._optional_guid(child, "guid"),
                )
            )

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


def _nest_backslash_codes(codes: list[Code], code_guids: set[str]) -> list[Code]:
    """Turn a flat list with names like 'a\\b' (Taguette's hierarchy) into nested codes.

    Only a flat codebook is rewritten, so a backslash in a nested codebook stays part of the name.
    Missing parents are created with GUIDs derived from their path, stable across imports.
    """
    if any(code.children for code in codes) or not any("\\" in code.name for code in codes):
        return codes
    paths = {}
    by_path: dict[tuple[str, ...], Code] = {}
    for code in codes:
        path = tuple(part for part in code.name.split("\\") if part) or (code.name,)
        paths[id(code)] = path
        by_path.setdefault(path, code)
    roots: list[Code] = []

    def ensure(path: tuple[str, ...]) -> Code:
        existing = by_path.get(path)
        if existing is not None:
            return existing
        parent = Code(guid=derived_guid("code-path", *path), name=path[-1])
        code_guids.add(parent.guid)
        by_path[path] = parent
        (roots if len(path) == 1 else ensure(path[:-1]).children).append(parent)
        return parent

    for code in codes:
        path = paths[id(code)]
        code.name = path[-1]
        (roots if len(path) == 1 else ensure(path[:-1]).children).append(code)
    return roots


def _other(unit: str) -> PositionUnit:
    return CODE_POINTS if unit == UTF16 else UTF16


def _where(element: Any) -> str:
    guid = element.get("guid")
    return f"{_local(element)} {guid[:40]}" if guid else f"{_local(element)} line {element.sourceline}"


def _boolean(value: str | None, *, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"true", "1", "yes"}


def _integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _parse_datetime(value: str) -> datetime | None:
    """Return an aware UTC datetime from xsd:dateTime text (no zone means UTC), or None."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 shifted out of range by the offset
        return None


def _variable_value(kind: str, text: str) -> VariableValue | None:
    """Return the Python value of a VariableValue child, or None when it cannot be read."""
    stripped = text.strip()
    try:
        if kind == "TextValue":
            return text
        if kind == "BooleanValue":
            return stripped.lower() in {"true", "1"}
        if kind == "IntegerValue":
            return int(stripped)
        if kind == "FloatValue":
            number = float(stripped.replace(",", "."))  # some tools write a decimal comma
            return number if math.isfinite(number) else None
        if kind == "DateValue":
            return date.fromisoformat(stripped[:10])
        if kind == "DateTimeValue":
            return _parse_datetime(stripped)
    except (ValueError, OverflowError):
        return None
    return None
