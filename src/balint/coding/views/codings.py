"""Codings, called by the coding page's script: JSON in and out."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balint.coding.access import get_coding_for, get_source_for
from balint.coding.forms import CodingForm, PerspectiveForm, coding_input
from balint.coding.people import coder_name
from balint.coding.services import history
from balint.coding.views.common import json_error, require_person
from balint.core.dates import moment
from balint.core.errors import ApplicationError


@require_POST
@login_required
def coding_create(request: HttpRequest, code: UUID) -> JsonResponse:
    source, roles = get_source_for(request, code)
    person = require_person(roles)
    data = coding_input(request.POST, program=source.program)
    if data is None:  # not plainly well formed: the form judges it and words the error
        form = CodingForm(request.POST, program=source.program)
        if not form.is_valid():
            return json_error(
                _("Choose one or more themes for a selected passage."),
                422,
                fields=form.errors.get_json_data(),
            )
        data = form.cleaned_data
    try:
        codings, step = history.coding_apply_step(
            source=source,
            coder=person,
            themes=list(data["themes"]),
            start=data["start"],
            end=data["end"],
            perspective=data["perspective"] or "",
            quote=data["quote"] if "quote" in request.POST else None,
        )
    except ApplicationError as error:
        return json_error(error.message, **error.extra)
    coder = coder_name(program=source.program, person=person, roles=roles)
    return JsonResponse(
        {
            "codings": [
                {
                    "id": str(c.code),
                    "theme": str(c.theme.code),
                    "s": c.start,
                    "e": c.end,
                    "p": c.perspective,
                    "at": moment(c.created_at),
                    "coder": coder,
                }
                for c in codings
            ],
            # The undo panel's labels after this step (undo.js reads them here instead of asking again);
            # left out when nothing changed, so the panel keeps what it shows.
            **({"undo": step.label, "redo": None} if step else {}),
        },
        status=201,
    )


@require_POST
@login_required
def coding_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    coding, roles = get_coding_for(request, code)
    try:
        history.coding_remove(coding=coding, by=require_person(roles))
    except ApplicationError as error:
        return json_error(error.message, 403)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"deleted": str(code)})
    messages.success(request, _("The code was removed."))
    return redirect("coding:source", code=coding.source.code)


@require_POST
@login_required
def coding_perspective(request: HttpRequest, code: UUID) -> JsonResponse:
    coding, roles = get_coding_for(request, code)
    form = PerspectiveForm(request.POST)
    if not form.is_valid():
        return json_error(_("Unknown perspective."), 422)
    try:
        history.coding_remark(
            coding=coding, by=require_person(roles), perspective=form.cleaned_data["perspective"]
        )
    except ApplicationError as error:
        return json_error(error.message, 403)
    return JsonResponse({"id": str(coding.code), "p": coding.perspective})
