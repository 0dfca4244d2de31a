"""Pages of the analysis workspace: sources, coding, codebook, memos, rounds, agreement and views."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import selectors, services
from balint.coding.access import (
    get_coding_for,
    get_memo_for,
    get_round_for,
    get_source_for,
    get_theme_for,
    get_workspace_for,
    visibility_key,
    visible_sources,
)
from balint.coding.forms import (
    PERSPECTIVE_ANY,
    PERSPECTIVE_VALUES,
    AgreementForm,
    CategoriesForm,
    CodingForm,
    FiltersForm,
    MemoForm,
    MergeForm,
    PerspectiveForm,
    RoundForm,
    SourceImportForm,
    SplitForm,
    ThemeForm,
)
from balint.coding.importers import MAX_UPLOAD_BYTES
from balint.coding.models import AnalysisRound, Coding, Memo, Source, Theme
from balint.coding.people import coder_name, coder_names
from balint.coding.services.rounds import codebook_snapshot
from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.meetings.models import MeetingNote
from balint.programs.access import Roles
from balint.programs.models import Person, Program


def _person(roles: Roles):  # noqa: ANN202
    if roles.person is None:
        raise PermissionDenied
    return roles.person


def _base(program: Program, roles: Roles, **extra) -> dict:  # noqa: ANN003
    return {"program": program, "roles": roles, **extra}


# ---- workspace and sources ---------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    codings = Coding.objects.filter(source__in=sources.values("pk"))
    context = _base(
        program,
        roles,
        source_count=sources.count(),
        theme_count=Theme.objects.filter(program=program, active=True).count(),
        coding_count=codings.count(),
        my_coding_count=codings.filter(coder=roles.person).count(),
        open_round=AnalysisRound.objects.filter(program=program, closed_at__isnull=True).first(),
        round_count=AnalysisRound.objects.filter(program=program).count(),
        memos=list(selectors.memos_for(program=program, sources=sources)[:5]),
        recent_sources=list(selectors.source_list(sources=sources)[:8]),
    )
    return render(request, "coding/workspace.html", context)


@login_required
def source_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    kind = request.GET.get("kind", "")
    if kind in Source.Kind.values:
        sources = sources.filter(kind=kind)
    pending = []
    if roles.is_leader and roles.person:
        pending = list(_pending_notes(program, roles)[:200])
    return render(
        request,
        "coding/source_list.html",
        _base(
            program,
            roles,
            sources=selectors.source_list(sources=sources),
            kinds=Source.Kind.choices,
            kind=kind,
            pending=pending,
        ),
    )


def _pending_notes(program: Program, roles: Roles):  # noqa: ANN202
    """Session notes of the groups the leader leads that are not yet in the analysis.

    Only the screened text (`content` / `process`, saved by hand) is ever sent: an autosaved draft stays in
    the note's form, and a note that has nothing but a draft is not waiting to be sent.
    """
    sent = Source.objects.filter(program=program, kind=Source.Kind.SESSION_NOTE).values_list(
        "origin", flat=True
    )
    notes = (
        MeetingNote.objects.filter(meeting__group__program=program, meeting__group__leaders=roles.person)
        .select_related("meeting__group__program")
        .defer("draft_content", "draft_process")
        .order_by("-meeting__starts_at")
    )
    sent = set(sent)
    return [
        n for n in notes if f"meetings.note:{n.meeting.code}" not in sent and (n.content or n.process).strip()
    ]


@require_POST
@login_required
def note_send(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = _person(roles)
    if not roles.is_leader:
        raise PermissionDenied("Only the group's leaders send session notes to the analysis.")
    pending = _pending_notes(program, roles)
    wanted = request.POST.get("meeting", "")
    if wanted != "all":
        pending = [n for n in pending if str(n.meeting.code) == wanted]
        if not pending:
            messages.error(
                request, "That session's notes are not waiting to be sent (already sent, or not yours)."
            )
            return redirect("coding:sources", slug=program.slug)
    from balint.privacy.names import resident_names

    names = resident_names(program)
    for note in pending:
        services.source_from_note(note=note, created_by=person, redact=names)
    messages.success(
        request, f"{len(pending)} session note(s) added to the analysis, residents' names masked as [NAME]."
    )
    return redirect("coding:sources", slug=program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def source_import(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = _person(roles)
    form = SourceImportForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ApplicationError(
                    f"“{upload.name}” is larger than the upload limit.", extra={"field": "file"}
                )
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
            messages.success(request, f"“{source.title}” was imported ({len(source.text.split()):,} words).")
            return redirect("coding:source", code=source.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "coding/source_import.html", _base(program, roles, form=form), status=status)


@login_required
def source_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    source, roles = get_source_for(request, code)
    person = _person(roles)
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
        },
        "perspectives": [[value, label] for value, label in Coding.Perspective.choices],
    }
    memos = source.memos.filter(coding__isnull=True).select_related("author")
    return render(
        request,
        "coding/source_detail.html",
        _base(
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
        source=source, coder=_person(roles), done=request.POST.get("done") == "1"
    )
    messages.success(request, "Marked as coded by you." if done else "No longer marked as coded by you.")
    return redirect("coding:source", code=source.code)


# ---- codings (called by the coding page's script; JSON in and out) --------------------------------------


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:  # noqa: ANN003
    return JsonResponse({"message": message, "extra": extra}, status=status)


@require_POST
@login_required
def coding_create(request: HttpRequest, code: UUID) -> JsonResponse:
    source, roles = get_source_for(request, code)
    person = _person(roles)
    form = CodingForm(request.POST, program=source.program)
    if not form.is_valid():
        return _json_error(
            "Choose one or more themes for a selected passage.", 422, fields=form.errors.get_json_data()
        )
    data = form.cleaned_data
    try:
        codings = services.coding_create(
            source=source,
            coder=person,
            themes=list(data["themes"]),
            start=data["start"],
            end=data["end"],
            perspective=data["perspective"] or "",
            quote=data["quote"] if "quote" in request.POST else None,
        )
    except ApplicationError as error:
        return _json_error(error.message, **error.extra)
    return JsonResponse(
        {
            "codings": [
                {
                    "id": str(c.code),
                    "theme": str(c.theme.code),
                    "s": c.start,
                    "e": c.end,
                    "p": c.perspective,
                    "at": timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
                    "coder": coder_name(program=source.program, person=person, roles=roles),
                }
                for c in codings
            ]
        },
        status=201,
    )


@require_POST
@login_required
def coding_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    coding, roles = get_coding_for(request, code)
    try:
        services.coding_delete(coding=coding, by=_person(roles))
    except ApplicationError as error:
        return _json_error(error.message, 403)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"deleted": str(code)})
    messages.success(request, "The code was removed.")
    return redirect("coding:source", code=coding.source.code)


@require_POST
@login_required
def coding_perspective(request: HttpRequest, code: UUID) -> JsonResponse:
    coding, roles = get_coding_for(request, code)
    form = PerspectiveForm(request.POST)
    if not form.is_valid():
        return _json_error("Unknown perspective.", 422)
    try:
        services.coding_set_perspective(
            coding=coding, by=_person(roles), perspective=form.cleaned_data["perspective"]
        )
    except ApplicationError as error:
        return _json_error(error.message, 403)
    return JsonResponse({"id": str(coding.code), "p": coding.perspective})


# ---- codebook --------------------------------------------------------------------------------------------


@login_required
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    categories = services.categories_ensure(program=program)
    tree = selectors.codebook(program=program, sources=visible_sources(roles))
    retired = Theme.objects.filter(program=program, active=False).select_related("merged_into")
    return render(
        request,
        "coding/codebook.html",
        _base(program, roles, tree=tree, categories=categories, retired=retired),
    )


@require_POST
@login_required
def codebook_starter(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    created = services.codebook_starter_create(program=program)
    messages.success(request, f"{len(created)} starter theme(s) added.")
    return redirect("coding:codebook", slug=program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    current = services.categories_ensure(program=program)
    form = CategoriesForm(request.POST or None, initial={"names": "\n".join(c.name for c in current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.categories_set(program=program, names=form.cleaned_data["names"].splitlines())
        except ApplicationError as error:
            form.add_error("names", error.message)
        else:
            messages.success(request, "The category list was saved.")
            return redirect("coding:codebook", slug=program.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "coding/categories.html", _base(program, roles, form=form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    services.categories_ensure(program=program)
    form = ThemeForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            theme = services.theme_create(program=program, **data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, f"“{theme.name}” was added to the codebook.")
            return redirect("coding:codebook", slug=program.slug)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_form.html", _base(program, roles, form=form, theme=None), status=status
    )


@login_required
def theme_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    sources = visible_sources(roles)
    codings = Coding.objects.filter(theme=theme, source__in=sources.values("pk"))
    return render(
        request,
        "coding/theme_detail.html",
        _base(
            theme.program,
            roles,
            theme=theme,
            children=Theme.objects.filter(parent=theme, active=True),
            coding_count=codings.count(),
            quotes=selectors.quotes(codings=codings, theme=None, limit=30),
            memos=theme.memos.select_related("author"),
            merged_from=theme.merged_from.all(),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    if not theme.active:
        messages.error(request, "This theme was merged into another and can no longer change.")
        return redirect("coding:theme", code=theme.code)
    initial = {f: getattr(theme, f) for f in services.codebook.THEME_FIELDS}
    form = ThemeForm(request.POST or None, program=theme.program, theme=theme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(theme=theme, data=dict(form.cleaned_data))
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, f"“{theme.name}” was saved.")
            return redirect("coding:theme", code=theme.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_form.html", _base(theme.program, roles, form=form, theme=theme), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_merge(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    form = MergeForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            moved = services.theme_merge(theme=theme, into=into)
        except ApplicationError as error:
            form.add_error("into", error.message)
        else:
            messages.success(
                request, f"“{theme.name}” was merged into “{into.name}”; {moved} coding(s) moved."
            )
            return redirect("coding:theme", code=into.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_merge.html", _base(theme.program, roles, form=form, theme=theme), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_split(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    if not theme.active:
        raise Http404("This theme was merged.")
    sources = visible_sources(roles)
    coders = Person.objects.filter(codings__theme=theme, codings__source__in=sources.values("pk")).distinct()
    names = coder_names(program=theme.program, people=coders, roles=roles)
    form = SplitForm(request.POST or None, theme=theme, sources=sources, names=names)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.theme_split(
                theme=theme,
                name=data["name"],
                codings=data["codings"],
                as_child=data["as_child"],
                colour=theme.colour,
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, f"“{new.name}” was split off with {len(data['codings'])} coding(s).")
            return redirect("coding:theme", code=new.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_split.html", _base(theme.program, roles, form=form, theme=theme), status=status
    )


# ---- memos -----------------------------------------------------------------------------------------------


@login_required
def memo_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    memos = selectors.memos_for(program=program, sources=visible_sources(roles))
    return render(request, "coding/memo_list.html", _base(program, roles, memos=memos))


def _memo_targets(request: HttpRequest, program: Program, roles: Roles) -> dict:
    params = request.POST if request.method == "POST" else request.GET
    targets: dict = {}
    sources = visible_sources(roles)
    if params.get("coding"):
        targets["coding"] = get_object(
            Coding.objects.filter(source__in=sources.values("pk")).select_related("source", "theme"),
            code=params["coding"],
        )
    elif params.get("source"):
        targets["source"] = get_object(sources, code=params["source"])
    if params.get("theme"):
        targets["theme"] = get_object(Theme.objects.filter(program=program), code=params["theme"])
    return targets


@login_required
@require_http_methods(["GET", "POST"])
def memo_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    person = _person(roles)
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
        _base(program, roles, form=form, targets=targets, memo=None),
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
    person = _person(roles)
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
        _base(memo.program, roles, form=form, targets={}, memo=memo),
        status=status,
    )


@require_POST
@login_required
def memo_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    memo, roles = get_memo_for(request, code)
    if memo.author_id != _person(roles).pk:
        raise PermissionDenied("Only the memo's author can delete it.")
    home = _memo_home(memo)
    services.memo_delete(memo=memo, by=_person(roles))
    messages.success(request, "The memo was deleted.")
    return redirect(home)


# ---- rounds ----------------------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    rounds = list(AnalysisRound.objects.filter(program=program).select_related("closed_by"))
    form = RoundForm(initial={"started_on": timezone.localdate()})
    return render(request, "coding/round_list.html", _base(program, roles, rounds=rounds, form=form))


@require_POST
@login_required
def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form = RoundForm(request.POST)
    if not form.is_valid():
        rounds = list(AnalysisRound.objects.filter(program=program))
        return render(
            request, "coding/round_list.html", _base(program, roles, rounds=rounds, form=form), status=422
        )
    analysis_round = services.round_open(
        program=program,
        started_on=form.cleaned_data["started_on"],
        reflection=form.cleaned_data["reflection"],
    )
    messages.success(request, f"Round {analysis_round.number} is open.")
    return redirect("coding:round", code=analysis_round.code)


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    analysis_round, roles = get_round_for(request, code)
    form = None
    if not analysis_round.is_closed:
        initial = {f: getattr(analysis_round, f) for f in ("started_on", "ended_on", "reflection")}
        form = RoundForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.round_update(analysis_round=analysis_round, data=form.cleaned_data)
            messages.success(request, "The round was saved.")
            return redirect("coding:round", code=analysis_round.code)
    elif request.method == "POST":
        raise ApplicationError("This round is closed; its snapshot and memo can no longer change.")
    snapshot = analysis_round.snapshot or codebook_snapshot(program=analysis_round.program)
    themes = sorted((t for t in snapshot["themes"] if t["active"]), key=lambda t: -t["codings"])
    previous = AnalysisRound.objects.filter(
        program=analysis_round.program, number__lt=analysis_round.number, closed_at__isnull=False
    ).last()
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/round_detail.html",
        _base(
            analysis_round.program,
            roles,
            round=analysis_round,
            form=form,
            snapshot=snapshot,
            themes=themes,
            reflection=services.render_markdown(analysis_round.reflection),
            previous=previous,
        ),
        status=status,
    )


@require_POST
@login_required
def round_close(request: HttpRequest, code: UUID) -> HttpResponse:
    analysis_round, roles = get_round_for(request, code)
    services.round_close(analysis_round=analysis_round, by=_person(roles))
    messages.success(request, f"Round {analysis_round.number} is closed; its snapshot is frozen.")
    return redirect("coding:round", code=analysis_round.code)


@login_required
def round_compare(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    rounds = list(AnalysisRound.objects.filter(program=program, closed_at__isnull=False))
    by_code = {str(r.code): r for r in rounds}
    first = by_code.get(request.GET.get("a", "")) or (
        rounds[-2] if len(rounds) >= 2 else rounds[0] if rounds else None
    )
    second_key = request.GET.get("b", "")
    second = by_code.get(second_key) or (
        None if second_key == "now" else (rounds[-1] if len(rounds) >= 2 else None)
    )
    comparison = None
    if first is not None:
        after = second.snapshot if second is not None else codebook_snapshot(program=program)
        comparison = services.rounds_compare(before=first.snapshot, after=after)
    return render(
        request,
        "coding/round_compare.html",
        _base(program, roles, rounds=rounds, first=first, second=second, comparison=comparison),
    )


# ---- agreement and views ---------------------------------------------------------------------------------


@login_required
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    coders = selectors.coders(program=program)
    names = coder_names(program=program, people=coders, roles=roles)
    form = AgreementForm(request.GET or None, program=program, coders=coders, names=names)
    result = None
    chosen = coders
    granularity, uncoded = "paragraph", "exclude"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["coders"]) or coders
        granularity, uncoded = data["granularity"], data["uncoded"]
    sources = visible_sources(roles)
    group, kind = None, ""
    if form.is_bound and form.is_valid():
        group, kind = form.cleaned_data["group"], form.cleaned_data["kind"]
        if group:
            sources = sources.filter(group=group)
        if kind:
            sources = sources.filter(kind=kind)
    if form.is_bound and not form.is_valid():
        status = 422
    else:
        status = 200
        result = selectors.agreement(
            program=program,
            sources=sources,
            coders=chosen,
            granularity=granularity,
            uncoded=uncoded,
            scope=(visibility_key(roles), getattr(group, "pk", None), kind),
            roles=roles,
        )
    rows = []
    if result and result.report:
        for theme_id, figures in result.report.by_theme.items():
            theme = result.themes.get(theme_id)
            if theme is not None:
                rows.append((theme, figures))
        rows.sort(key=lambda row: row[0].name)
    if not form.is_bound:
        form = AgreementForm(
            initial={"coders": [c.code for c in chosen], "granularity": granularity, "uncoded": uncoded},
            program=program,
            coders=coders,
            names=names,
        )
    return render(
        request,
        "coding/agreement.html",
        _base(program, roles, form=form, result=result, rows=rows, granularity=granularity, uncoded=uncoded),
        status=status,
    )


def _filters(request: HttpRequest, program: Program, roles: Roles) -> tuple[FiltersForm, selectors.Filters]:
    coders = selectors.coders(program=program)
    names = coder_names(program=program, people=coders, roles=roles)
    form = FiltersForm(request.GET or None, program=program, coders=coders, names=names)
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        perspective = data["perspective"] or PERSPECTIVE_ANY
        filters = selectors.Filters(
            group=data["group"],
            cohort=data["cohort"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            kind=data["kind"],
            perspective=PERSPECTIVE_VALUES.get(perspective),
            coder=data["coder"],
        )
    return form, filters


@login_required
def analysis_views(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form, filters = _filters(request, program, roles)
    views = selectors.theme_views(
        program=program, sources=visible_sources(roles), filters=filters, scope=visibility_key(roles)
    )
    timeline, matrix = views.timeline, views.matrix
    chart = {"months": timeline.months, "themes": timeline.themes, "categories": timeline.categories}
    return render(
        request,
        "coding/views.html",
        _base(
            program,
            roles,
            form=form,
            timeline=timeline,
            chart=chart,
            matrix=matrix,
            matrix_rows=list(zip(matrix.themes, matrix.matrix, strict=True)),
            perspectives=views.perspectives,
            query=request.GET.urlencode(),
            status=422 if form.is_bound and not form.is_valid() else 200,
        ),
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def quote_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form, filters = _filters(request, program, roles)
    theme = None
    if request.GET.get("theme"):
        theme = get_object(Theme.objects.filter(program=program), code=request.GET["theme"])
    codings = filters.codings(visible_sources(roles))
    return render(
        request,
        "coding/quotes.html",
        _base(
            program,
            roles,
            form=form,
            theme=theme,
            themes=selectors.active_themes(program=program),
            quotes=selectors.quotes(codings=codings, theme=theme),
        ),
    )
