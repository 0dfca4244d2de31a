"""Memos on the workspace, a source, a coding or a theme, their links, the filtered list and its export."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import selectors, services
from balint.coding.access import get_memo_for, get_workspace_for, visible_sources
from balint.coding.memo_forms import MemoFilterForm, MemoLinksForm
from balint.coding.memos import MemoFilters, memo_rows, memos_docx, memos_markdown
from balint.coding.models import Memo, MemoLink
from balint.coding.people import coder_name
from balint.coding.views.common import base, require_person
from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.privacy.audit import audited
from balint.programs.access import Roles
from balint.programs.models import Program


def _filtered(request: HttpRequest, program: Program, roles: Roles) -> tuple[MemoFilterForm, list]:
    sources = visible_sources(roles)
    form = MemoFilterForm(request.GET or None, program=program, sources=sources)
    filters = form.filters() if form.is_valid() else MemoFilters()
    rows = memo_rows(program=program, sources=sources, person=roles.person, filters=filters)
    return form, rows


@login_required
def memo_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form, rows = _filtered(request, program, roles)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "coding/memo_list.html",
        base(program, roles, rows=rows, form=form, query=request.GET.urlencode()),
        status=status,
    )


@login_required
@audited("exported", object_type="memos")
def memo_export(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form, rows = _filtered(request, program, roles)
    if form.is_bound and not form.is_valid():
        return render(
            request, "coding/memo_list.html", base(program, roles, rows=rows, form=form), status=422
        )
    name = lambda person: coder_name(program=program, person=person, roles=roles)  # noqa: E731
    stem = f"memos-{program.slug}"
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            memos_docx(program=program, rows=rows, author_name=name),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return response
    response = HttpResponse(
        memos_markdown(program=program, rows=rows, author_name=name),
        content_type="text/markdown; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.md"'
    return response


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


def _passage(request: HttpRequest, targets: dict) -> tuple | None:
    """The passage a memo written from the coding page is about: its source and code-point offsets."""
    params = request.POST if request.method == "POST" else request.GET
    source = targets.get("source")
    if source is None or not params.get("start") or not params.get("end"):
        return None
    try:
        start, end = int(params["start"]), int(params["end"])
    except ValueError:
        raise ApplicationError(_("A passage's start and end are whole numbers.")) from None
    return source, start, end


@login_required
@require_http_methods(["GET", "POST"])
def memo_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = require_person(roles)
    targets = _memo_targets(request, program, roles)
    passage = _passage(request, targets)
    if passage is not None:
        targets["passage"] = services.span_check(text=passage[0].text, start=passage[1], end=passage[2])
    form = MemoLinksForm(request.POST or None, program=program, sources=visible_sources(roles))
    if request.method == "POST" and form.is_valid():
        links = form.links(passages=[passage] if passage else [], codings=[])
        text = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
        try:
            memo = services.memo_create(
                program=program, author=person, **text, **targets_home(targets), links=links
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The memo was saved."))
            return redirect(_memo_home(memo))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/memo_form.html",
        base(program, roles, form=form, targets=targets, passage=passage, memo=None),
        status=status,
    )


def targets_home(targets: dict) -> dict:
    return {key: value for key, value in targets.items() if key in {"source", "theme", "coding"}}


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
        raise PermissionDenied(_("Only the memo's author can change it."))
    sources = visible_sources(roles)
    links = list(memo.links.select_related("to_memo", "source", "theme", "coding__theme", "analysis_round"))
    chosen = {kind: [link for link in links if link.kind == kind] for kind in MemoLink.Kind.values}
    initial = {
        "title": memo.title,
        "body": memo.body,
        "memos": [link.to_memo.code for link in chosen["memo"]],
        "sources": [link.source.code for link in chosen["source"]],
        "themes": [link.theme.code for link in chosen["theme"]],
        "rounds": [link.analysis_round.code for link in chosen["round"]],
    }
    form = MemoLinksForm(
        request.POST or None, initial=initial, program=memo.program, sources=sources, memo=memo
    )
    # Passage and coding links are made on the coding page; here they can only be kept or dropped. Links the
    # editor may no longer see (into a source now hidden from them) are kept as they are.
    visible = set(sources.values_list("pk", flat=True))
    pinned = [link for link in chosen["passage"] + chosen["coding"] if link.source_id in visible]
    if request.method == "POST" and form.is_valid():
        kept = set(request.POST.getlist("keep"))
        passages = [
            (link.source, link.start, link.end)
            for link in chosen["passage"]
            if link.source_id not in visible or _keep_key(link) in kept
        ]
        codings = [
            link.coding
            for link in chosen["coding"]
            if link.source_id not in visible or _keep_key(link) in kept
        ]
        hidden = [
            link
            for link in links
            if (link.kind == "source" and link.source_id not in visible)
            or (link.kind == "memo" and link.to_memo.source_id not in (None, *visible))
        ]
        new = form.links(passages=passages, codings=codings)
        new = services.MemoLinks(
            memos=[*new.memos, *[h.to_memo for h in hidden if h.kind == "memo"]],
            sources=[*new.sources, *[h.source for h in hidden if h.kind == "source"]],
            themes=new.themes,
            rounds=new.rounds,
            passages=new.passages,
            codings=new.codings,
        )
        try:
            with transaction.atomic():
                text = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
                services.memo_update(memo=memo, by=person, **text)
                services.memo_links_set(memo=memo, by=person, links=new)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The memo was saved."))
            return redirect(_memo_home(memo))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/memo_form.html",
        base(
            memo.program,
            roles,
            form=form,
            targets={},
            memo=memo,
            pinned=[(link, _keep_key(link)) for link in pinned],
        ),
        status=status,
    )


def _keep_key(link: MemoLink) -> str:
    if link.kind == MemoLink.Kind.CODING:
        return f"coding:{link.coding.code}"
    return f"passage:{link.source.code}:{link.start}:{link.end}"


@require_POST
@login_required
def memo_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    memo, roles = get_memo_for(request, code)
    if memo.author_id != require_person(roles).pk:
        raise PermissionDenied(_("Only the memo's author can delete it."))
    home = _memo_home(memo)
    services.memo_delete(memo=memo, by=require_person(roles))
    messages.success(request, _("The memo was deleted."))
    return redirect(home)
