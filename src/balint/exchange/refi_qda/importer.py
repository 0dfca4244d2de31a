"""From a REFI-QDA file into the analysis workspace: the import side, all or nothing.

Themes match an existing theme by GUID or by name; sources match by GUID (and must then hold the same text);
codings and memos match by GUID, and a coding the program already has for the same span is not added twice;
coders met in an earlier import are reused. So importing the same file twice adds nothing the second time.
Work is attributed to an existing member only when that member is the importer (the file's user GUID is
theirs) or a leader confirmed the mapping in the preview; every other coder stays a separate person who
cannot sign in. Codings go in through the coding app's bulk service (its span rule), coders through the
programs app's service.
"""

from __future__ import annotations

import datetime

from django.db import DatabaseError, IntegrityError, transaction

from balint.coding.models import Category, Coding, Memo, MemoLink, Source, Theme
from balint.core.errors import ApplicationError
from balint.exchange import refi_qda as refi
from balint.exchange.formats import format_for_extension
from balint.exchange.refi_qda.guids import BATCH, GuidBook
from balint.exchange.refi_qda.import_cases import CasesStep
from balint.exchange.refi_qda.import_sources import SourcesStep, keep_creation_dates
from balint.exchange.refi_qda.people import PeopleStep
from balint.exchange.refi_qda.project import split_trailer
from balint.exchange.refi_qda.summary import ImportSummary
from balint.programs.models import Membership, Person, Program

DEFAULT_COLOUR = "#f5c542"


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


def _importable(file_format: str) -> str:
    """The format's key ("qdpx", "qdc") when the registry lists it as a REFI-QDA format Balint imports."""
    found = format_for_extension(file_format) if file_format else None
    if found is None or found.module != refi.__name__ or not found.can_import:
        raise ApplicationError(f"Unknown format {file_format!r}; use qdpx or qdc.")
    return found.extension.lstrip(".")


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
    file_format = _importable(file_format)
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


class _Importer(PeopleStep, SourcesStep, CasesStep):
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
        self.book = GuidBook(program)
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
            self._attributes()
            self._cases()
            self._memos()
        self.book.save()

    # --- themes

    def _themes(self) -> None:
        codes = list(self.project.iter_codes())
        existing = self.book.existing("theme", Theme, [c.guid for c in codes])
        by_name = {t.name: t for t in Theme.objects.filter(program=self.program, active=True)}
        categories = {c.name: c for c in Category.objects.filter(program=self.program)}
        taken = self.book.taken(Theme, [c.guid for c in codes])
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
            self.book.assign("theme", theme, code.guid, taken)
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

    # --- notes → memos

    def _memos(self) -> None:
        notes = self.project.notes
        if not notes:
            return
        existing = self.book.existing("memo", Memo, [n.guid for n in notes])
        taken = self.book.taken(Memo, [n.guid for n in notes])
        source_by_guid = {text_source.guid.lower(): source for text_source, source in self.source_pairs}
        memos: list[Memo] = []
        dates: list[datetime.datetime | None] = []
        further: list[tuple[Memo, list[str]]] = []
        new_guids: list[str] = []
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
            home = None
            for ref in note.refers_to:
                ref = ref.lower()
                if ref in self.codings:
                    memo.coding = self.codings[ref]
                    memo.source_id = memo.coding.source_id
                    home = ref
                    break
                if ref in self.themes:
                    memo.theme = self.themes[ref]
                    home = ref
                    break
                if ref in source_by_guid:
                    memo.source = source_by_guid[ref]
                    home = ref
                    break
            self.book.assign("memo", memo, note.guid, taken)
            memos.append(memo)
            new_guids.append(note.guid.lower())
            dates.append(note.created_at)
            further.append((memo, [r.lower() for r in note.refers_to if r.lower() != home]))
        Memo.objects.bulk_create(memos, batch_size=BATCH)
        keep_creation_dates(Memo, list(zip(memos, dates, strict=True)))
        self.summary.memos_new = len(memos)
        memo_by_guid = dict(existing)
        memo_by_guid.update(dict(zip(new_guids, memos, strict=True)))
        self._memo_links(further, source_by_guid, memo_by_guid)

    def _memo_links(
        self,
        further: list[tuple[Memo, list[str]]],
        source_by_guid: dict[str, Source],
        memo_by_guid: dict[str, Memo],
    ) -> None:
        """A note's NoteRefs after its home become the memo's links: to memos, codings, codes and sources."""
        links: list[MemoLink] = []
        for memo, refs in further:
            seen: set[tuple] = set()
            for ref in refs:
                if ref in memo_by_guid and memo_by_guid[ref].pk != memo.pk:
                    link = MemoLink(memo=memo, kind=MemoLink.Kind.MEMO, to_memo=memo_by_guid[ref])
                elif ref in self.codings:
                    coding = self.codings[ref]
                    link = MemoLink(
                        memo=memo, kind=MemoLink.Kind.CODING, coding=coding, source_id=coding.source_id
                    )
                elif ref in self.themes:
                    link = MemoLink(memo=memo, kind=MemoLink.Kind.THEME, theme=self.themes[ref])
                elif ref in source_by_guid:
                    link = MemoLink(memo=memo, kind=MemoLink.Kind.SOURCE, source=source_by_guid[ref])
                else:
                    continue  # a selection without a coding, or an object Balint does not keep
                key = (link.kind, link.to_memo_id, link.coding_id, link.theme_id, link.source_id)
                if key not in seen:
                    seen.add(key)
                    links.append(link)
        MemoLink.objects.bulk_create(links, batch_size=BATCH)
