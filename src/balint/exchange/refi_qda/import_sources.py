"""An import's TextSources → sources, and their selections → codings through the coding app's bulk service."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import MAX_SOURCE_CHARS, Coding, Source
from balint.coding.services.bulk import CodingDraft, codings_bulk_create
from balint.core.errors import ApplicationError
from balint.exchange import refi_qda as refi
from balint.exchange.refi_qda.guids import BATCH
from balint.exchange.refi_qda.project import (
    RESERVED_VARIABLES,
    VAR_DATE,
    VAR_DEIDENTIFIED,
    VAR_KIND,
    split_trailer,
)


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


def keep_creation_dates(model: type, dated: list[tuple[Any, datetime.datetime | None]]) -> None:
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


def _coding_guid(selection: refi.PlainTextSelection, coding: refi.Coding) -> str:
    """The GUID a coding is known by: its selection's when it is the only one, else its own."""
    if len(selection.codings) == 1:
        return selection.guid.lower()
    return (coding.guid or refi.derived_guid(selection.guid.upper(), coding.code_guid.upper())).lower()


class SourcesStep:
    """The sources and codings steps of `importer._Importer` (program, project, summary, book, themes...)."""

    def _sources_and_codings(self) -> None:
        incoming = self.project.sources
        existing = self.book.existing("source", Source, [s.guid for s in incoming])
        taken = self.book.taken(Source, [s.guid for s in incoming])
        new_sources: list[Source] = []
        pairs: list[tuple[refi.TextSource, Source]] = []
        for text_source in incoming:
            element = f"TextSource {text_source.name or text_source.guid}"
            source = existing.get(text_source.guid.lower())
            if source is not None:
                if source.text != text_source.text:
                    raise ApplicationError(
                        _("Source “{title}” is already in the program with a different text.").format(
                            title=source.title
                        ),
                        extra={"element": element},
                    )
                self.summary.sources_matched += 1
                pairs.append((text_source, source))
                continue
            if not text_source.text.strip():
                self.warn(
                    _("{element}: the text is empty; the source and its codings were left out.").format(
                        element=element
                    )
                )
                continue
            if len(text_source.text) > MAX_SOURCE_CHARS:
                raise ApplicationError(
                    _("Source “{name}” is longer than {MAX_SOURCE_CHARS:,} characters.").format(
                        name=text_source.name, MAX_SOURCE_CHARS=MAX_SOURCE_CHARS
                    ),
                    extra={"element": element},
                )
            source = self._new_source(text_source)
            self.book.assign("source", source, text_source.guid, taken)
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
        keep_creation_dates(Source, [(source, by_code[source.code].created_at) for source in new_sources])
        self.source_pairs = pairs
        self._codings(pairs)

    def _new_source(self, text_source: refi.TextSource) -> Source:
        variables = text_source.variables
        kind = variables.get(VAR_KIND)
        deidentified = variables.get(VAR_DEIDENTIFIED)
        return Source(
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

    def _codings(self, pairs: list[tuple[refi.TextSource, Source]]) -> None:
        """Each selection's codings as drafts for `codings_bulk_create`, which keeps the span rule."""
        known = self.book.existing(
            "coding",
            Coding,
            [_coding_guid(sel, c) for ts, _ in pairs for sel in ts.selections for c in sel.codings],
        )
        perspectives = set(Coding.Perspective.values)
        drafts: list[CodingDraft] = []
        planned: list[tuple[str, refi.PlainTextSelection, Source]] = []  # (GUID, selection, source) per draft
        for text_source, source in pairs:
            for selection in text_source.selections:
                _text, extra = split_trailer(selection.description or "")
                extra = self.project.extensions.get(selection.guid.lower()) or extra
                perspective = extra.get("perspective", "")
                if perspective not in perspectives:
                    perspective = ""
                for coding in selection.codings:
                    theme = self.themes.get(coding.code_guid.lower())
                    if theme is None:
                        element = f"PlainTextSelection {selection.guid}"
                        self.warn(
                            _("{element}: a code missing from the codebook was left out.").format(
                                element=element
                            )
                        )
                        continue
                    guid = _coding_guid(selection, coding)
                    if guid in known:  # imported before (perhaps attributed otherwise then)
                        self.summary.codings_already += 1
                        self.codings.setdefault(guid, known[guid])
                        self.codings.setdefault(selection.guid.lower(), known[guid])
                        continue
                    drafts.append(
                        CodingDraft(
                            source=source,
                            theme=theme,
                            coder=self._person(selection.creating_user or coding.creating_user),
                            start=selection.start,
                            end=selection.end,
                            perspective=perspective,
                            created_at=selection.created_at or coding.created_at,
                        )
                    )
                    planned.append((guid, selection, source))
        taken = self.book.taken(Coding, [guid for guid, _, _ in planned])
        claims = [self.book.claim(guid, taken) for guid, _, _ in planned]
        drafts = [replace(draft, code=code) for draft, (code, _) in zip(drafts, claims, strict=True)]
        outcomes = codings_bulk_create(drafts=drafts)
        repaired: set[int] = set()
        refused: set[int] = set()
        for (guid, selection, source), (code, needs_link), outcome in zip(
            planned, claims, outcomes, strict=True
        ):
            if outcome.repaired:
                repaired.add(id(selection))
            if outcome.status == "refused":
                if id(selection) not in refused:
                    refused.add(id(selection))
                    self.warn(
                        _(
                            "PlainTextSelection {guid} in “{title}”: an empty or out-of-range selection "
                            "was left out."
                        ).format(guid=selection.guid, title=source.title)
                    )
                continue
            if outcome.status == "already":
                self.summary.codings_already += 1
                continue
            if needs_link:
                self.book.link("coding", code, guid)
            self.codings[guid] = outcome.coding
            self.codings.setdefault(
                selection.guid.lower(), outcome.coding
            )  # a note on the selection: its first
            self.summary.codings_new += 1
        self.summary.selections_repaired += len(repaired)
