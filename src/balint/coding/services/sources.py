"""Creating sources: the service other apps call, session notes, imported documents."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balint.coding.importers import read_document
from balint.coding.models import MAX_SOURCE_CHARS, CodingDone, Source
from balint.coding.services.note_cases import note_cases_attach
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import MeetingNote
from balint.privacy.names import mask_names, resident_names
from balint.programs.models import Cohort, Group, Person, Program

MAX_ATTRIBUTES = 30


@transaction.atomic
def source_create(
    *,
    program: Program,
    kind: str,
    title: str,
    text: str,
    date: datetime.date | None = None,
    group: Group | None = None,
    attributes: dict[str, Any] | None = None,
    cohort: Cohort | None = None,
    origin: str = "",
    deidentified: bool = True,
    created_by: Person | None = None,
) -> Source:
    """Add a source to the program's analysis; its text is NFC-normalised and never changes afterwards.

    `origin` names where the text came from (e.g. ``"surveys.transcript:<code>"``); a second source with
    the same origin in the program is refused, so "send to analysis" twice adds nothing.
    """
    if kind not in Source.Kind.values:
        raise ApplicationError(_("Unknown source kind {kind!r}.").format(kind=kind), extra={"field": "kind"})
    if group is not None and group.program_id != program.pk:
        raise ApplicationError(_("The group belongs to another program."), extra={"field": "group"})
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError(_("The cohort belongs to another program."), extra={"field": "cohort"})
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ApplicationError(_("A source needs some text."), extra={"field": "text"})
    if len(text) > MAX_SOURCE_CHARS:
        raise ApplicationError(
            _("A source may hold at most {MAX_SOURCE_CHARS:,} characters.").format(
                MAX_SOURCE_CHARS=MAX_SOURCE_CHARS
            ),
            extra={"field": "text"},
        )
    attributes = _clean_attributes(attributes or {})
    if origin and Source.objects.filter(program=program, origin=origin).exists():
        raise ApplicationError(_("This text is already in the analysis."), extra={"origin": origin})
    source = Source(
        program=program,
        kind=kind,
        title=(title or "").strip()[:200] or "Untitled",
        text=text,
        date=date,
        group=group,
        cohort=cohort,
        attributes=attributes,
        origin=origin,
        deidentified=deidentified,
        created_by=created_by,
    )
    # The program, group, cohort and person are the caller's objects (their programs checked above), the code
    # is fresh and the origin was looked up above: full_clean would only query them again.
    validated(source, trusted=("program", "group", "cohort", "meeting", "created_by", "code", "origin"))
    source.save()
    return source


def _clean_attributes(attributes: dict[str, Any]) -> dict[str, str]:
    if not isinstance(attributes, dict) or len(attributes) > MAX_ATTRIBUTES:
        raise ApplicationError(
            _("Give at most {MAX_ATTRIBUTES} attributes.").format(MAX_ATTRIBUTES=MAX_ATTRIBUTES),
            extra={"field": "attributes"},
        )
    cleaned = {}
    for key, value in attributes.items():
        key, value = str(key).strip()[:60], str(value).strip()[:200]
        if key:
            cleaned[key] = value
    return cleaned


def parse_attributes(text: str) -> dict[str, str]:
    """Turn "key: value" lines into a dict; a line without a colon is refused."""
    attributes = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        if ":" not in line:
            raise ApplicationError(
                _("Attribute line {number} needs the form “name: value”.").format(number=number),
                extra={"field": "attributes"},
            )
        key, value = line.split(":", 1)
        attributes[key.strip()] = value.strip()
    return _clean_attributes(attributes)


def note_origin(note: MeetingNote) -> str:
    return f"meetings.note:{note.meeting.code}"


def note_text(note: MeetingNote, *, redact: list[str]) -> str:
    """The note's screened content and process text, with these people's names masked as “[NAME]”.

    The masking is the privacy app's one rule for names (`balint.privacy.names.mask_names`), the same that
    the screening step marks and the report's quotes mask.
    """
    parts = []
    if note.content.strip():
        parts.append(f"Content\n\n{note.content.strip()}")
    if note.process.strip():
        parts.append(f"Process\n\n{note.process.strip()}")
    return mask_names("\n\n".join(parts), redact) if redact else "\n\n".join(parts)


@transaction.atomic
def source_from_note(
    *, note: MeetingNote, created_by: Person | None, redact: list[str] | None = None
) -> Source:
    """Send a session's notes to the analysis as a de-identified source (residents' names masked), tied to the
    pseudonymous cases of the residents behind it (coding/services/note_cases.py)."""
    meeting = note.meeting
    program = meeting.group.program
    names = resident_names(program) if redact is None else redact
    text = note_text(note, redact=names)
    local = meeting.local_start
    attributes = {}
    if meeting.focus:
        attributes["focus"] = meeting.get_focus_display()
    source = source_create(
        program=program,
        kind=Source.Kind.SESSION_NOTE,
        title=f"Session {local:%Y-%m-%d} · {meeting.group.name}",
        text=text,
        date=local.date(),
        group=meeting.group,
        attributes=attributes,
        origin=note_origin(note),
        created_by=created_by,
    )
    note_cases_attach(source=source, meeting=meeting)
    return source


def source_import(  # reads the file, then one transaction in source_create
    *,
    program: Program,
    name: str,
    data: bytes,
    title: str = "",
    date: datetime.date | None = None,
    group: Group | None = None,
    cohort: Cohort | None = None,
    attributes: dict[str, Any] | None = None,
    deidentified: bool = False,
    created_by: Person | None = None,
) -> Source:
    """Import a .txt, .md, .docx or .pdf document; anything unreadable is refused and nothing is added."""
    text = read_document(name=name, data=data)
    return source_create(
        program=program,
        kind=Source.Kind.DOCUMENT,
        title=title or name.rsplit("/", 1)[-1][:200],
        text=text,
        date=date,
        group=group,
        cohort=cohort,
        attributes=attributes,
        deidentified=deidentified,
        created_by=created_by,
    )


@transaction.atomic
def source_mark_done(*, source: Source, coder: Person, done: bool) -> bool:
    """Record (or withdraw) that the coder has finished coding the source; returns the new state."""
    if done:
        CodingDone.objects.get_or_create(source=source, coder=coder)
    else:
        CodingDone.objects.filter(source=source, coder=coder).delete()
    return done
