"""Memos on the workspace, a source, a coding or a theme."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import selectors, services
from balint.coding.access import get_memo_for, get_workspace_for, visible_sources
from balint.coding.forms import MemoForm
from balint.coding.models import Memo
from balint.coding.views.common import base, require_person
from balint.core.services import get_object
from balint.programs.access import Roles
from balint.programs.models import Program


@login_required
def memo_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    memos = selectors.memos_for(program=program, sources=visible_sources(roles))
    return render(request, "coding/memo_list.html", base(program, roles, memos=memos))


def _memo_targets(request: HttpRequest, program: Program, roles: Roles) -> dict:
    params = request.POST if request.method == "POST" else request.GET
    targets: dict = {}
    sources = visible_sources(roles)
    if params.get("coding"):
        targets["coding"] = selectors.coding_in(sources=sources, code=params["coding"])
    elif params.get("source"):
        targets["source"] = get_object(sources, code=params["source"])
    if params.get("theme"):
        targets["theme"] = selectors.theme_of(program=program, code=params["theme"])
    return targets


@login_required
@require_http_methods(["GET", "POST"])
def memo_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    targets = _memo_targets(request, program, roles)
    form = MemoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        memo = services.memo_create(program=program, author=person, **form.cleaned_data, **targets)
        messages.success(request, "The memo was saved.")
        return redirect(_memo_home(memo))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/memo_form.html",
        base(program, roles, form=form, targets=targets, memo=None),
        status=status,
    )


def _memo_home(memo: Memo) -> str:
    if memo.source_id:
        return reverse("coding:source", args=[memo.source.code])
    if memo.theme_id:
        return reverse("coding:theme", args=[memo.theme.code])
    return reverse("coding:memos", args=[memo.program.slug])


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    memo, roles = get_memo_for(request, code)
    person = require_person(roles)
    if memo.author_id != person.pk:
        raise PermissionDenied("Only the memo's author can change it.")
    form = MemoForm(request.POST or None, initial={"title": memo.title, "body": memo.body})
    if request.method == "POST" and form.is_valid():
        services.memo_update(memo=memo, by=person, **form.cleaned_data)
        messages.success(request, "The memo was saved.")
        return redirect(_memo_home(memo))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/memo_form.html",
        base(memo.program, roles, form=form, targets={}, memo=memo),
        status=status,
    )


@require_POST
@login_required
def memo_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    memo, roles = get_memo_for(request, code)
    if memo.author_id != require_person(roles).pk:
        raise PermissionDenied("Only the memo's author can delete it.")
    home = _memo_home(memo)
    services.memo_delete(memo=memo, by=require_person(roles))
    messages.success(request, "The memo was deleted.")
    return redirect(home)
