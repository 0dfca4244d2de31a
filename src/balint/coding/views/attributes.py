"""The attributes grid (cases and sources x attributes, edited by those who code) and the code x attribute
matrix with the quotes behind each cell."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balint.coding import attributes, selectors
from balint.coding.access import get_workspace_for, visible_sources
from balint.coding.attribute_forms import AttributeForm, MatrixForm
from balint.coding.forms import PERSPECTIVE_ANY, PERSPECTIVE_VALUES
from balint.coding.hooks import min_cell
from balint.coding.matrix import cell_quotes, code_attribute_matrix, matrix_table
from balint.coding.people import coder_names
from balint.coding.services.attributes import attribute_create as create_attribute
from balint.coding.services.attributes import attribute_values_set
from balint.coding.services.note_cases import note_cases_fill as fill_note_cases
from balint.coding.views.common import base
from balint.core.errors import ApplicationError
from balint.core.spreadsheets import csv_bytes
from balint.privacy.audit import audit_record
from balint.programs.access import Roles
from balint.programs.models import Program

DEFAULT_COLUMN = "group"


def _grid(
    request: HttpRequest,
    program: Program,
    roles: Roles,
    *,
    form: AttributeForm | None = None,
    error: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    found = attributes.rows(program=program, sources=visible_sources(roles), grid=True)
    columns = attributes.columns(program=program, found=found)
    grid = [(row, [(column, row.value(column.key)) for column in columns]) for row in found]
    return render(
        request,
        "coding/attributes.html",
        base(
            program,
            roles,
            grid=grid,
            columns=columns,
            editable=[c for c in columns if c.editable],
            form=form or AttributeForm(),
            error=error,
            can_fill=roles.is_leader,
        ),
        status=status,
    )


@login_required
def attribute_grid(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    return _grid(request, program, roles)


@login_required
@require_POST
def attribute_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form = AttributeForm(request.POST)
    if form.is_valid():
        try:
            create_attribute(program=program, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            return redirect("coding:attributes", slug=program.slug)
    return _grid(request, program, roles, form=form, status=422)


@login_required
@require_POST
def attribute_values(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    key = request.POST.get("row", "")
    row = attributes.row_in(program=program, sources=visible_sources(roles), key=key)
    if row is None:
        raise Http404(_("No such case or source."))
    values = {name[2:]: value for name, value in request.POST.items() if name.startswith("v:")}
    try:
        attribute_values_set(row=row, values=values)
    except ApplicationError as error:
        return _grid(request, program, roles, error=(key, error.message), status=422)
    return redirect(reverse("coding:attributes", args=[program.slug]) + f"#row-{row.code}")


@login_required
@require_POST
def note_cases_fill(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    if not roles.is_leader:
        raise PermissionDenied(_("Only the program's leaders add the presenters of session notes."))
    filled = fill_note_cases(program=program)
    messages.success(
        request,
        _("Presenters added to {value} session note(s), each by a pseudonym.").format(value=filled),
    )
    return redirect("coding:attributes", slug=program.slug)


def _matrix_form(request: HttpRequest, program: Program, roles: Roles, columns: list) -> tuple:
    coders = selectors.coders(program=program)
    names = coder_names(program=program, people=coders, roles=roles)
    form = MatrixForm(
        request.GET or None,
        program=program,
        coders=coders,
        names=names,
        columns=columns,
        initial={"attribute": DEFAULT_COLUMN},  # the select shows the column the table is drawn by
    )
    filters, column, unit = selectors.Filters(), DEFAULT_COLUMN, "cases"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            group=data["group"],
            cohort=data["cohort"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            kind=data["kind"],
            perspective=PERSPECTIVE_VALUES.get(data["perspective"] or PERSPECTIVE_ANY),
            coder=data["coder"],
        )
        column = data["attribute"] or DEFAULT_COLUMN
        unit = data["unit"] or "cases"
    return form, filters, column, unit


def _columns(program: Program, roles: Roles) -> list:
    return attributes.columns(
        program=program, found=attributes.rows(program=program, sources=visible_sources(roles), grid=True)
    )


@login_required
def matrix(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    found = attributes.rows(program=program, sources=sources, grid=True)
    columns = attributes.columns(program=program, found=found)
    form, filters, column, unit = _matrix_form(request, program, roles, columns)
    result = code_attribute_matrix(
        program=program,
        sources=filters.sources(sources),
        codings=filters.codings(sources),
        column=column,
        k=min_cell(program),
        unit=unit,
    )
    status = 422 if form.is_bound and not form.is_valid() else 200
    query = request.GET.copy()
    query["attribute"] = column
    query["unit"] = unit
    return render(
        request,
        "coding/matrix.html",
        base(program, roles, form=form, matrix=result, query=query.urlencode()),
        status=status,
    )


@login_required
def matrix_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The matrix as CSV, each number as the page shows it (small and hidden cells included), audited."""
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    form, filters, column, unit = _matrix_form(request, program, roles, _columns(program, roles))
    if form.is_bound and not form.is_valid():  # the page says what is wrong beside the field
        return redirect(reverse("coding:matrix", args=[program.slug]) + "?" + request.GET.urlencode())
    result = code_attribute_matrix(
        program=program,
        sources=filters.sources(sources),
        codings=filters.codings(sources),
        column=column,
        k=min_cell(program),
        unit=unit,
    )
    header, rows = matrix_table(result, theme_label=_("Theme"), total_label=_("Total"))
    audit_record(
        action="exported", person=roles.person, program=program, object_type="coding.matrix", request=request
    )
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-matrix.csv"'
    return response


@login_required
def matrix_quotes(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    sources = visible_sources(roles)
    form, filters, column, unit = _matrix_form(request, program, roles, _columns(program, roles))
    if form.is_bound and not form.is_valid():
        raise Http404(_("No such cell."))
    try:
        theme = selectors.theme_of(program=program, code=str(uuid.UUID(request.GET.get("theme", ""))))
    except ValueError:
        raise Http404(_("No such theme.")) from None
    value = request.GET.get("value", "")
    found = cell_quotes(
        program=program,
        sources=filters.sources(sources),
        codings=filters.codings(sources),
        column=column,
        value=value,
        theme=theme,
        k=min_cell(program),
        unit=unit,
    )
    context = base(program, roles, theme=theme, value=value, cell=found.cell, quotes=found.quotes, form=form)
    template = (
        "coding/partials/_matrix_quotes.html"
        if request.headers.get("HX-Request")
        else "coding/matrix_quotes.html"
    )
    return render(request, template, context)
