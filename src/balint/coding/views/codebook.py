"""The codebook: categories, themes, merging and splitting."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import selectors, services
from balint.coding.access import get_theme_for, get_workspace_for, visible_sources
from balint.coding.forms import CategoriesForm, MergeForm, NewThemeForm, SplitForm, ThemeForm
from balint.coding.people import coder_names
from balint.coding.views.common import base, json_error
from balint.core.errors import ApplicationError


@login_required
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    categories = selectors.categories(program=program)
    tree = selectors.codebook(program=program, sources=visible_sources(roles))
    retired = selectors.retired_themes(program=program)
    return render(
        request,
        "coding/codebook.html",
        base(program, roles, tree=tree, categories=categories, retired=retired),
    )


@require_POST
@login_required
def codebook_starter(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    created = services.codebook_starter_create(program=program)
    messages.success(request, _("{value} starter theme(s) added.").format(value=len(created)))
    return redirect("coding:codebook", slug=program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    current = selectors.categories(program=program)
    form = CategoriesForm(request.POST or None, initial={"names": "\n".join(c.name for c in current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.categories_set(program=program, names=form.cleaned_data["names"].splitlines())
        except ApplicationError as error:
            form.add_error("names", error.message)
        else:
            messages.success(request, _("The category list was saved."))
            return redirect("coding:codebook", slug=program.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "coding/categories.html", base(program, roles, form=form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    if request.method == "POST":  # the default categories are stored with the first theme, never on a GET
        services.categories_ensure(program=program)
    form = ThemeForm(request.POST or None, program=program, categories=selectors.categories(program=program))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            theme = services.theme_create(program=program, **data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("“{name}” was added to the codebook.").format(name=theme.name))
            return redirect("coding:codebook", slug=program.slug)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_form.html", base(program, roles, form=form, theme=None), status=status
    )


@require_POST
@login_required
def theme_add(request: HttpRequest, slug: str) -> JsonResponse:
    """The coding page's "new theme", answered as JSON so the page can add it to its tree and tick it."""
    program, _roles = get_workspace_for(request, slug)
    form = NewThemeForm(request.POST, program=program)
    if not form.is_valid():
        message = (
            _("The theme to put it under is not an active theme of this codebook.")
            if "parent" in form.errors
            else _("Give the new theme a name of at most 120 characters.")
        )
        return json_error(message, 422, fields=form.errors.get_json_data())
    try:
        theme = services.theme_add(program=program, **form.cleaned_data)
    except ApplicationError as error:
        return json_error(error.message, 422, **error.extra)
    parent = theme.parent
    return JsonResponse(
        {
            "theme": {
                "code": str(theme.code),
                "name": theme.name,
                "colour": theme.colour,
                "parent": str(parent.code) if parent else "",
                "category": "",
            },
            "message": _("“{name}” was added to the codebook.").format(name=theme.name),
        },
        status=201,
    )


@login_required
def theme_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    page = selectors.theme_page(theme=theme, sources=visible_sources(roles))
    return render(
        request,
        "coding/theme_detail.html",
        base(
            theme.program,
            roles,
            theme=theme,
            children=page.children,
            coding_count=page.coding_count,
            quotes=page.quotes,
            memos=page.memos,
            merged_from=page.merged_from,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    if not theme.active:
        messages.error(request, _("This theme was merged into another and can no longer change."))
        return redirect("coding:theme", code=theme.code)
    initial = {f: getattr(theme, f) for f in services.codebook.THEME_FIELDS}
    form = ThemeForm(request.POST or None, program=theme.program, theme=theme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(theme=theme, data=dict(form.cleaned_data))
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("“{name}” was saved.").format(name=theme.name))
            return redirect("coding:theme", code=theme.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_form.html", base(theme.program, roles, form=form, theme=theme), status=status
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
                request,
                _("“{name}” was merged into “{name2}”; {moved} coding(s) moved.").format(
                    name=theme.name, name2=into.name, moved=moved
                ),
            )
            return redirect("coding:theme", code=into.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_merge.html", base(theme.program, roles, form=form, theme=theme), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_split(request: HttpRequest, code: UUID) -> HttpResponse:
    theme, roles = get_theme_for(request, code)
    if not theme.active:
        raise Http404(_("This theme was merged."))
    sources = visible_sources(roles)
    coders = selectors.theme_coders(theme=theme, sources=sources)
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
            messages.success(
                request,
                _("“{name}” was split off with {value} coding(s).").format(
                    name=new.name, value=len(data["codings"])
                ),
            )
            return redirect("coding:theme", code=new.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coding/theme_split.html", base(theme.program, roles, form=form, theme=theme), status=status
    )
