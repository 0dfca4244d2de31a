"""The workspace's front page and its sources: list, import, session notes sent in, the coding page."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import hooks, selectors, services
from balint.coding.access import get_source_for, get_workspace_for, visible_sources
from balint.coding.forms import SourceImportForm
from balint.coding.models import Coding, Source
from balint.coding.views.common import base, require_person
from balint.core.errors import ApplicationError
from balint.privacy.names import resident_names


@login_required
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    context = base(
        program,
        roles,
        **vars(selectors.workspace_summary(program=program, sources=sources, person=roles.person)),
        memos=list(selectors.memos_for(program=program, sources=sources)[:5]),
        recent_sources=list(selectors.source_list(sources=sources)[:8]),
    )
    return render(request, "coding/workspace.html", context)


@login_required
def source_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    kind = request.GET.get("kind", "")
    sources = selectors.sources_narrowed(sources=visible_sources(roles), kind=kind)
    pending = []
    if roles.is_leader and roles.person:
        pending = selectors.notes_waiting(program=program, leader=roles.person)[:200]
    return render(
        request,
        "coding/source_list.html",
        base(
            program,
            roles,
            sources=selectors.source_list(sources=sources),
            kinds=Source.Kind.choices,
            kind=kind,
            pending=pending,
        ),
    )


@require_POST
@login_required
def note_send(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    if not roles.is_leader:
        raise PermissionDenied(_("Only the group's leaders send session notes to the analysis."))
    pending = selectors.notes_waiting(program=program, leader=person)
    wanted = request.POST.get("meeting", "")
    if wanted != "all":
        pending = [n for n in pending if str(n.meeting.code) == wanted]
        if not pending:
            messages.error(
                request, _("That session's notes are not waiting to be sent (already sent, or not yours).")
            )
            return redirect("coding:sources", slug=program.slug)
    names = resident_names(program)
    for note in pending:
        services.source_from_note(note=note, created_by=person, redact=names)
    messages.success(
        request,
        _("{value} session note(s) added to the analysis, residents' names masked as [NAME].").format(
            value=len(pending)
        ),
    )
    return redirect("coding:sources", slug=program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def source_import(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    form = SourceImportForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            source = services.source_import(
                program=program,
                name=upload.name,
                data=upload.read(),
                title=data["title"],
                date=data["date"],
                group=data["group"],
                cohort=data["cohort"],
                attributes=services.parse_attributes(data["attributes"]),
                deidentified=data["deidentified"] or not roles.is_leader,
                created_by=person,
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("“{title}” was imported ({value:,} words).").format(
                    title=source.title, value=len(source.text.split())
                ),
            )
            return redirect("coding:source", code=source.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "coding/source_import.html", base(program, roles, form=form), status=status)


@login_required
def source_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    source, roles = get_source_for(request, code)
    person = require_person(roles)
    mine_only = request.GET.get("others") == "hide"
    page = selectors.coding_page(source=source, person=person, mine_only=mine_only, roles=roles)
    data = {
        "text": source.text,
        "themes": page.themes,
        "codings": page.codings,
        "coders": page.coders,
        "sentences": page.sentences,
        "urls": {
            "create": reverse("coding:coding_create", args=[source.code]),
            "delete": reverse("coding:coding_delete", args=["00000000-0000-0000-0000-000000000000"]),
            "perspective": reverse(
                "coding:coding_perspective", args=["00000000-0000-0000-0000-000000000000"]
            ),
            "memo": reverse("coding:memo_create", args=[source.program.slug]),
            "memos": reverse("coding:memos", args=[source.program.slug]),
            "theme_add": reverse("coding:theme_add", args=[source.program.slug]),
        },
        "source": str(source.code),
        "perspectives": [[value, label] for value, label in Coding.Perspective.choices],
        # Suggestions beside their passage, from the apps that make them (insights), never made here.
        "suggestions": hooks.passage_suggestions(source, roles),
    }
    memos = selectors.source_memos(source=source)
    return render(
        request,
        "coding/source_detail.html",
        base(
            source.program,
            roles,
            source=source,
            data=data,
            mine_only=mine_only,
            done=page.done,
            memos=memos,
            word_count=len(source.text.split()),
            coding_count=len(page.codings),
            show_meeting=roles.is_leader and source.meeting_id is not None,
        ),
    )


@require_POST
@login_required
def source_done(request: HttpRequest, code: UUID) -> HttpResponse:
    source, roles = get_source_for(request, code)
    done = services.source_mark_done(
        source=source, coder=require_person(roles), done=request.POST.get("done") == "1"
    )
    messages.success(
        request, _("Marked as coded by you.") if done else _("No longer marked as coded by you.")
    )
    return redirect("coding:source", code=source.code)
