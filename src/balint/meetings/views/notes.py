"""The leaders' notes of a session: saving by hand, autosave, conflicting versions."""

import secrets
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import get_meeting_for
from balint.meetings.forms import NoteDraftForm, NoteForm
from balint.meetings.models import Meeting
from balint.privacy.services import marks_in
from balint.programs.access import Roles


def _note_context(meeting: Meeting, roles: Roles, form: NoteForm | None = None) -> dict:
    note, conflicts = selectors.note_with_conflicts(meeting=meeting)
    # The writer's own draft fills the form; a co-leader gets the screened note and only who else drafts.
    draft, other_drafts = selectors.note_drafts(note=note, writer=roles.person)
    if form is None:
        if draft is not None:
            content, process, tags, base = draft.content, draft.process, draft.tags, draft.base_version
        elif note is not None:
            content, process, base = note.content, note.process, note.version
            tags = ", ".join(t.label for t in note.tags.all())
        else:
            content, process, tags, base = "", "", "", 0
        form = NoteForm(
            group=meeting.group,
            program=meeting.group.program,
            person=roles.person,
            initial={
                "content": content,
                "process": process,
                "tags": tags,
                "presenter": meeting.presenter.code if meeting.presenter else None,
                "base_version": base,
                "form_token": secrets.token_urlsafe(24),
            },
        )
    return {
        "meeting": meeting,
        "group": meeting.group,
        "note": note,
        "draft": draft,
        "draft_is_stale": draft is not None and note is not None and draft.base_version != note.version,
        "other_drafts": other_drafts,
        "conflicts": conflicts,
        "viewer": roles.person,
        "form": form,
        "labels": selectors.tag_labels(group=meeting.group),
    }


def _save_note(
    request: HttpRequest, meeting: Meeting, roles: Roles, form: NoteForm, screened: bool = True
) -> services.NoteSave:
    data = form.cleaned_data
    return services.note_save(
        meeting=meeting,
        by=roles.person,
        content=data["content"],
        process=data["process"],
        tags=services.tags_parse(data["tags"]),
        base_version=data["base_version"],
        presenter=data["presenter"],
        set_presenter="presenter" in request.POST,
        screened=screened,
        form_token=data["form_token"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    if request.method == "POST":
        form = NoteForm(request.POST, group=meeting.group, program=meeting.group.program, person=roles.person)
        if form.is_valid():
            try:
                result = _save_note(request, meeting, roles, form)
            except ApplicationError as error:
                error.add_to(form)
            else:
                if result.conflict:
                    messages.warning(
                        request,
                        _(
                            "Another leader saved these notes while you were writing. Both versions are kept "
                            "below: merge what you need, save, then mark the other version as merged."
                        ),
                    )
                else:
                    messages.success(request, _("The notes were saved."))
                return redirect("meetings:note", code=meeting.code)
        return render(request, "meetings/note_form.html", _note_context(meeting, roles, form), status=422)
    return render(request, "meetings/note_form.html", _note_context(meeting, roles))


@login_required
@require_POST
def note_autosave(request: HttpRequest, code: UUID) -> JsonResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    # The draft is stored (encrypted) before screening so nothing typed is lost, apart from the screened
    # notes: nothing of it leaves this form until a leader saves by hand and decides every mark.
    form = NoteDraftForm(request.POST, group=meeting.group, program=meeting.group.program)
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "errors": form.errors}, status=422)
    marks = marks_in(
        texts=[form.cleaned_data[name] for name in NoteForm.screened_fields], program=meeting.group.program
    )
    try:
        result = _save_note(request, meeting, roles, form, screened=False)
    except ApplicationError as error:
        return JsonResponse({"status": "invalid", "message": error.message}, status=422)
    if result.conflict:
        return JsonResponse(
            {
                "status": "conflict",
                "message": _(
                    "Another leader saved a newer version. Your text is kept as a separate version; "
                    "reload to see both."
                ),
                "version": result.note.version,
            },
            status=409,
        )
    when = result.draft.updated_at if result.draft else result.note.updated_at
    saved = timezone.localtime(when, meeting.group.program.zone)
    return JsonResponse(
        {"status": "saved", "version": result.note.version, "saved_at": f"{saved:%H:%M:%S}", "marks": marks}
    )


@login_required
@require_POST
def note_conflict_resolve(request: HttpRequest, code: UUID, conflict: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    item = selectors.note_conflict_of(meeting=meeting, code=conflict)
    services.note_conflict_resolve(conflict=item, by=roles.person)
    messages.success(request, _("The other version is marked as merged; its text stays on record."))
    return redirect("meetings:note", code=meeting.code)
