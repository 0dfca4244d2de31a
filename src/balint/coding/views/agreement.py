"""Agreement between coders, the analysis views (timeline, co-occurrence) and the quotes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balint.coding import selectors
from balint.coding.access import get_workspace_for, visibility_key, visible_sources
from balint.coding.charts import timeline_chart
from balint.coding.forms import PERSPECTIVE_ANY, PERSPECTIVE_VALUES, UNIT_NAMES, AgreementForm, FiltersForm
from balint.coding.people import coder_names
from balint.coding.views.common import base
from balint.programs.access import Roles
from balint.programs.models import Program


@login_required
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    coders = selectors.coders(program=program)
    names = coder_names(program=program, people=coders, roles=roles)
    query = request.GET.copy()
    page, on = query.pop("page", ["1"])[-1], query.pop("on", [""])[-1]  # which disagreements to show
    form = AgreementForm(query or None, program=program, coders=coders, names=names)
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
        sources = selectors.sources_narrowed(sources=sources, kind=kind, group=group)
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
            page=page,
            theme=on,
            scope=(visibility_key(roles), getattr(group, "pk", None), kind),
            roles=roles,
        )
    pages = query.copy()  # the pages of disagreements keep the filters and the theme
    if on:
        pages["on"] = on
    rows = []
    if result and result.report:
        for theme_id, figures in result.report.by_theme.items():
            theme = result.themes.get(theme_id)
            if theme is not None:
                rows.append((theme, figures, result.disagreements_by_theme.get(theme_id, 0)))
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
        base(
            program,
            roles,
            form=form,
            result=result,
            rows=rows,
            unit_name=UNIT_NAMES.get(granularity, granularity),
            uncoded=uncoded,
            query=query.urlencode(),
            pages_query=pages.urlencode(),
        ),
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
    multiples = timeline_chart(timeline=timeline, chosen=request.GET.getlist("show"))
    chart = {**multiples.spec(), "categories": timeline.categories}
    return render(
        request,
        "coding/views.html",
        base(
            program,
            roles,
            form=form,
            timeline=timeline,
            multiples=multiples,
            kept=[
                (name, value) for name, values in request.GET.lists() if name != "show" for value in values
            ],
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
        theme = selectors.theme_of(program=program, code=request.GET["theme"])
    codings = filters.codings(visible_sources(roles))
    return render(
        request,
        "coding/quotes.html",
        base(
            program,
            roles,
            form=form,
            theme=theme,
            themes=selectors.active_themes(program=program),
            quotes=selectors.quotes(codings=codings, theme=theme),
        ),
    )
