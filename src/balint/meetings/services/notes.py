"""Session notes: saved against the version the writer started from, so a concurrent edit is never lost."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Meeting, MeetingNote, NoteConflict, NoteDraft, Tag
from balint.meetings.services.locks import locked_meeting
from balint.programs.models import Person, Program

MAX_TAGS = 20


def tags_parse(text: str) -> list[str]:
    """Comma-separated labels, trimmed, spaces collapsed, duplicates (any case) dropped, order kept."""
    labels: list[str] = []
    for raw in text.split(","):
        label = " ".join(raw.split())
        if not label:
            continue
        if len(label) > 60:
            raise ApplicationError(
                _("A theme label has at most 60 characters: “{value}…”.").format(value=label[:30]),
                extra={"field": "tags"},
            )
        if label.casefold() not in {existing.casefold() for existing in labels}:
            labels.append(label)
    if len(labels) > MAX_TAGS:
        raise ApplicationError(
            _("At most {MAX_TAGS} themes per note.").format(MAX_TAGS=MAX_TAGS), extra={"field": "tags"}
        )
    return labels


def tags_for(*, program: Program, labels: list[str]) -> list[Tag]:
    """The program's tags for these labels, created when new; an existing label keeps its first spelling."""
    existing = {
        tag.label.casefold(): tag
        for tag in Tag.objects.filter(program=program)
        .annotate(low=Lower("label"))
        .filter(low__in=[label.casefold() for label in labels])
    }
    tags = []
    for label in labels:
        tag = existing.get(label.casefold())
        if tag is None:
            tag = Tag.objects.create(program=program, label=label)
            existing[label.casefold()] = tag
        tags.append(tag)
    return tags


@dataclass(frozen=True)
class NoteSave:
    """What happened to a save: written, kept as the writer's draft (an autosave), or kept aside as a
    conflicting version."""

    note: MeetingNote
    conflict: NoteConflict | None = None
    draft: NoteDraft | None = None


@transaction.atomic
def note_save(
    *,
    meeting: Meeting,
    by: Person,
    content: str,
    process: str,
    tags: list[str],
    base_version: int,
    presenter: Person | None = None,
    set_presenter: bool = False,
    screened: bool = True,
    form_token: str = "",
) -> NoteSave:
    """Write the note if nobody saved since `base_version`; otherwise keep the text whole as a conflict.

    `screened=True` is a save by hand that went through the screening step: it becomes the note's text,
    the one everything outside the writer's form reads, and removes the writer's draft. `screened=False` is
    an autosave: it is kept as the writer's own `NoteDraft` (only that writer's form shows it; a co-leader's
    form shows the screened note and that a draft exists), and the note, its version and its tags stay as
    they were, so an autosave never makes a co-leader's open form stale.

    A stale save is kept whole as a `NoteConflict` (and the writer's draft from that same version goes: the
    conflict holds the newer text). `form_token` names the open form it came from (made when the form is
    rendered): the autosaves of one open form update that form's kept version, and its save by hand takes
    that version over; every other save, and every save by hand, keeps a version of its own.
    """
    meeting = locked_meeting(meeting)
    if not meeting.group.has_leader(by):
        raise ApplicationError(_("Only the group's leaders write its notes."))
    if set_presenter and presenter is not None and not meeting.group.has_member(presenter):
        raise ApplicationError(
            _("The presenter must be a member of the group."), extra={"field": "presenter"}
        )
    labels = tags_parse(", ".join(tags)) if tags else []
    note = MeetingNote.objects.filter(meeting=meeting).first()
    current = note.version if note else 0
    if base_version != current:
        if note is None:  # a version of a note that does not exist: a forged or stale form
            raise ApplicationError(_("This note changed since the page was opened; reload it."))
        conflict = (
            _conflict_to_update(note=note, by=by, base_version=base_version, form_token=form_token)
            if form_token or not screened
            else None
        )
        conflict = conflict or NoteConflict(
            note=note, author=by, base_version=base_version, form_token=form_token
        )
        conflict.content, conflict.process, conflict.tags = content, process, ", ".join(labels)
        conflict.screened = screened
        validated(conflict).save()
        note.drafts.filter(author=by, base_version=base_version).delete()
        _mark_screened(note)
        return NoteSave(note=note, conflict=conflict)
    if not screened:
        kept = _keep_draft(meeting=meeting, note=note, by=by, content=content, process=process, labels=labels)
        if set_presenter:
            _set_presenter(meeting, presenter)
        return kept
    note = note or MeetingNote(meeting=meeting, version=0)
    note.content, note.process = content, process
    note.updated_by = by
    note.version = current + 1
    note.screened = not (note.pk and note.drafts.exclude(author=by).exists())
    validated(note).save()
    note.drafts.filter(author=by).delete()
    note.tags.set(tags_for(program=meeting.group.program, labels=labels))
    if set_presenter:
        _set_presenter(meeting, presenter)
    return NoteSave(note=note)


def _keep_draft(
    *, meeting: Meeting, note: MeetingNote | None, by: Person, content: str, process: str, labels: list[str]
) -> NoteSave:
    """The writer's autosave over the current version: their own draft, or none if it came back to the
    screened note. A session without notes gets an empty note at version 0 to hold the draft."""
    if note is None:
        note = MeetingNote.objects.create(meeting=meeting, version=0, screened=False)
    saved_labels = {tag.label.casefold() for tag in note.tags.all()}
    if (content, process) == (note.content, note.process) and {
        label.casefold() for label in labels
    } == saved_labels:
        draft = None  # the draft came back to the screened text: nothing of this writer waits
        note.drafts.filter(author=by).delete()
    else:
        draft, _created = NoteDraft.objects.select_for_update().get_or_create(
            note=note, author=by, defaults={"base_version": note.version}
        )
        draft.base_version = note.version
        draft.content, draft.process, draft.tags = content, process, ", ".join(labels)
        validated(draft).save()
    _mark_screened(note)
    return NoteSave(note=note, draft=draft)


def _mark_screened(note: MeetingNote) -> None:
    """`screened` is True while no leader's draft waits for a save by hand."""
    screened = not note.drafts.exists()
    if note.screened != screened:
        note.screened = screened
        note.save(update_fields=["screened"])  # the time stays the last save by hand


def _set_presenter(meeting: Meeting, presenter: Person | None) -> None:
    if meeting.presenter_id != (presenter.pk if presenter else None):
        meeting.presenter = presenter
        meeting.save(update_fields=["presenter", "updated_at"])


def _conflict_to_update(
    *, note: MeetingNote, by: Person, base_version: int, form_token: str
) -> NoteConflict | None:
    """The kept autosave of this same open form, if any: the only version a new stale save may replace.

    A version saved by hand is never replaced. Without a token (a page opened before tokens existed) only
    autosaves merge, with that writer's tokenless autosave over the same version; a tokenless save by hand
    always keeps a version of its own.
    """
    return (
        note.conflicts.select_for_update()
        .filter(
            author=by,
            base_version=base_version,
            form_token=form_token,
            screened=False,
            resolved_at__isnull=True,
        )
        .first()
    )


@transaction.atomic
def note_conflict_resolve(*, conflict: NoteConflict, by: Person) -> NoteConflict:
    """Mark a conflicting version as merged by a leader; its text stays stored."""
    if not conflict.note.meeting.group.has_leader(by):
        raise ApplicationError(_("Only the group's leaders merge its notes."))
    if conflict.resolved_at is None:
        conflict.resolved_at = timezone.now()
        conflict.save(update_fields=["resolved_at", "updated_at"])
    return conflict
