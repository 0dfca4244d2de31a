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
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from balint.coding.models import AnalysisRound, Category, Coding, Memo, MemoLink, Source, Theme
from balint.coding.spans import span_check
from balint.core.errors import ApplicationError
from balint.exchange import refi_qda as refi
from balint.exchange.formats import format_for_extension
from balint.exchange.refi_qda.guids import BATCH, GuidBook
from balint.exchange.refi_qda.import_cases import CasesStep
from balint.exchange.refi_qda.import_sources import SourcesStep, keep_creation_dates
from balint.exchange.refi_qda.people import PeopleStep
from balint.exchange.refi_qda.positions import unit_label
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
        raise ApplicationError(_("Unknown format {format!r}; use qdpx or qdc.").format(format=file_format))
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
        raise ApplicationError(
            _("Unknown position unit {unit!r}; use auto, utf16 or codepoints.").format(unit=position_unit)
        )
    mapping = {key.lower(): person for key, person in (mapping or {}).items()}
    members = set(Membership.objects.filter(program=program).values_list("person_id", flat=True))
    if any(person.pk not in members for person in mapping.values()):
        raise ApplicationError(_("Work can be attributed only to members of this program."))
    result = read_file(data, file_format, position_unit)
    summary = ImportSummary(file_format=file_format, project_name=result.project.name)
    summary.unsupported = [
        {"kind": part.kind, "name": part.name, "reason": part.reason} for part in result.unsupported
    ]
    summary.warnings = list(result.warnings)
    if result.positions is not None:
        summary.positions_unit = result.positions.unit
        summary.positions_label = unit_label(result.positions.unit)
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
            _("The file could not be imported; nothing was kept ({error}: {detail}).").format(
                error=type(error).__name__, detail=str(error)[:200]
            ),
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
                self.warn(
                    _("Code “{name}” appears twice; the second was named “{base} ({n})”.").format(
                        name=name, base=base, n=n
                    )
                )

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
                    _("Codes {names} could not be added to the codebook.").format(names=names),
                    extra={"element": f"Code {levels[depth][0][1].guid}"},
                ) from None

    def _parent_of(self, code: refi.Code) -> Theme | None:
        parent = self.parent_guid.get(code.guid.lower())
        return self.themes.get(parent) if parent else None

    # --- notes → memos

    def _memos(self) -> None:
        """Notes become memos: the home is what balint.json's "about" names (our own files), else the first
        reference Balint keeps; the other references and the links between a note and anything else become
        the memo's links."""
        notes = self.project.notes
        if not notes:
            return
        existing = self.book.existing("memo", Memo, [n.guid for n in notes])
        taken = self.book.taken(Memo, [n.guid for n in notes])
        source_by_guid = {text_source.guid.lower(): source for text_source, source in self.source_pairs}
        memos: list[Memo] = []
        dates: list[datetime.datetime | None] = []
        further: dict[str, _Further] = {}
        for note in notes:
            key = note.guid.lower()
            if key in existing:
                self.summary.memos_already += 1
                continue
            memo = Memo(
                program=self.program,
                author=self._person(note.creating_user),
                title=(note.name or "").strip()[:200] or "Memo",
                body=(note.text or "")[:100_000],
            )
            refs = [ref.lower() for ref in note.refers_to]
            extra = self.project.extensions.get(key, {})
            home = self._home(memo, refs, extra.get("about"), source_by_guid)
            self.book.assign("memo", memo, note.guid, taken)
            memos.append(memo)
            dates.append(note.created_at)
            further[key] = _Further(
                memo=memo,
                refs=[ref for ref in refs if ref not in home],
                rounds=extra.get("rounds", "").split(),
            )
        Memo.objects.bulk_create(memos, batch_size=BATCH)
        keep_creation_dates(Memo, list(zip(memos, dates, strict=True)))
        self.summary.memos_new = len(memos)
        memo_by_guid = dict(existing)
        memo_by_guid.update({key: entry.memo for key, entry in further.items()})
        self._links_of_notes({note.guid.lower() for note in notes}, further)
        self._memo_links(list(further.values()), source_by_guid, memo_by_guid)

    def _home(
        self, memo: Memo, refs: list[str], about: str | None, source_by_guid: dict[str, Source]
    ) -> list[str]:
        """Set the memo's home (coding, theme, source) and return the references that made it."""
        if about is not None:  # our own export says which references are the home ("analysis": none)
            wanted = [ref for ref in about.lower().split() if ref in refs]
        else:  # another tool's: the first reference Balint keeps
            wanted = [
                next((r for r in refs if r in self.codings or r in self.themes or r in source_by_guid), None)
            ]
        home = []
        for ref in wanted:
            if ref in self.codings and memo.coding_id is None:
                memo.coding = self.codings[ref]
                memo.source_id = memo.coding.source_id
            elif ref in self.themes and memo.theme_id is None:
                memo.theme = self.themes[ref]
            elif ref in source_by_guid and memo.source_id is None:
                memo.source = source_by_guid[ref]
            else:
                continue
            home.append(ref)
        return home

    def _links_of_notes(self, note_guids: set[str], further: dict[str, _Further]) -> None:
        """<Link>s with a note at one end become links of that note's memo (to the object at the other end);
        a link between two other objects is left out, and said so in the preview."""
        for link in self.project.links:
            origin, target = link.origin_guid.lower(), link.target_guid.lower()
            if origin in note_guids:
                note, other = origin, target
            elif target in note_guids:
                note, other = target, origin
            else:
                self.summary.unsupported.append(
                    {
                        "kind": "Link",
                        "name": link.name,
                        "reason": _("Balint keeps links from memos only; this one joins two other objects."),
                    }
                )
                continue
            if note in further:  # a memo imported before keeps the links it has
                further[note].linked.append(other)

    def _memo_links(
        self,
        further: list[_Further],
        source_by_guid: dict[str, Source],
        memo_by_guid: dict[str, Memo],
    ) -> None:
        """A note's references after its home, its links and its rounds become the memo's links: to memos,
        codings, codes, sources, passages (uncoded selections) and analysis rounds (by number)."""
        passages = {
            selection.guid.lower(): (source, selection.start, selection.end)
            for text_source, source in self.source_pairs
            for selection in text_source.selections
        }
        numbers = {number for entry in further for number in entry.rounds}
        rounds = {
            str(r.number): r
            for r in AnalysisRound.objects.filter(
                program=self.program, number__in=[int(n) for n in numbers if n.isdigit() and len(n) < 6]
            )
        }
        links: list[MemoLink] = []
        for entry in further:
            memo = entry.memo
            seen: set[tuple] = set()
            wanted = [(ref, False) for ref in entry.refs] + [(ref, True) for ref in entry.linked]
            for ref, from_link in wanted:
                link = self._memo_link(memo, ref, source_by_guid, memo_by_guid, passages)
                if link is None:
                    if from_link:
                        self.warn(
                            _(
                                "Memo “{title}”: a link to an object Balint does not keep (a user, a "
                                "variable, a case, or a selection left out) was left out."
                            ).format(title=memo.title)
                        )
                    continue  # a NoteRef on a selection without a coding, or an object Balint does not keep
                key = (
                    link.kind,
                    link.to_memo_id,
                    link.coding_id,
                    link.theme_id,
                    link.source_id,
                    link.start,
                    link.end,
                )
                if key not in seen:
                    seen.add(key)
                    links.append(link)
            for number in dict.fromkeys(entry.rounds):
                if number in rounds:
                    links.append(MemoLink(memo=memo, kind=MemoLink.Kind.ROUND, analysis_round=rounds[number]))
                else:
                    self.warn(
                        _(
                            "Memo “{title}”: its link to analysis round {number} was left out; this program "
                            "has no such round."
                        ).format(title=memo.title, number=number[:6])
                    )
        MemoLink.objects.bulk_create(links, batch_size=BATCH)

    def _memo_link(
        self,
        memo: Memo,
        ref: str,
        source_by_guid: dict[str, Source],
        memo_by_guid: dict[str, Memo],
        passages: dict[str, tuple[Source, int, int]],
    ) -> MemoLink | None:
        if ref in memo_by_guid:
            if memo_by_guid[ref].pk == memo.pk:
                return None
            return MemoLink(memo=memo, kind=MemoLink.Kind.MEMO, to_memo=memo_by_guid[ref])
        if ref in self.codings:
            coding = self.codings[ref]
            return MemoLink(memo=memo, kind=MemoLink.Kind.CODING, coding=coding, source_id=coding.source_id)
        if ref in self.themes:
            return MemoLink(memo=memo, kind=MemoLink.Kind.THEME, theme=self.themes[ref])
        if ref in source_by_guid:
            return MemoLink(memo=memo, kind=MemoLink.Kind.SOURCE, source=source_by_guid[ref])
        if ref in passages:
            source, start, end = passages[ref]
            try:
                quote = span_check(text=source.text, start=start, end=end)
            except ApplicationError:
                self.warn(
                    _("Memo “{title}”: a linked passage of “{source}” is empty; it was left out.").format(
                        title=memo.title, source=source.title
                    )
                )
                return None
            return MemoLink(
                memo=memo, kind=MemoLink.Kind.PASSAGE, source=source, start=start, end=end, quote=quote
            )
        return None


@dataclass
class _Further:
    """What a new memo links to beyond its home: references (NoteRefs), <Link> ends, round numbers."""

    memo: Memo
    refs: list[str]
    rounds: list[str]
    linked: list[str] = field(default_factory=list)
