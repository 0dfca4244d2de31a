"""Pages of a program and its cohorts: overview, create and edit, cohorts, graduation, the yearly rollover."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.programs import selectors, services
from balint.programs.access import get_program_for, person_for
from balint.programs.forms import (
    CohortForm,
    ProgramForm,
    RolloverForm,
)
from balint.programs.models import Program
from balint.programs.views.base import _render


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "roles": roles,
            "overview": selectors.program_overview(program=program),
            "groups": selectors.group_list(program=program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    """Site administrators (`balint createadmin`) start a program and become its first administrator."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only a site administrator creates programs."))
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        creator = person_for(request.user)
        if creator is None:
            creator = services.person_for_site_admin(user=request.user)
        try:
            program = services.program_create(creator=creator, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request, _("{program} was created. Next: its cohorts and people.").format(program=program)
            )
            return redirect("programs:detail", slug=program.slug)
    return _render(request, "programs/program_form.html", {"form": form, "program": None})


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = ProgramForm(request.POST or None, instance=Program.objects.get(pk=program.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(program=program, data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The program was updated."))
            return redirect("programs:detail", slug=program.slug)
    return _render(request, "programs/program_form.html", {"form": form, "program": program})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = CohortForm(request.POST or None, initial={"entry_year": program.academic_year})
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=program, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The cohort “{cohort}” was added.").format(cohort=cohort))
            return redirect("programs:cohorts", slug=program.slug)
    cohorts = selectors.cohort_list(program=program)
    return _render(
        request, "programs/cohort_list.html", {"program": program, "cohorts": cohorts, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    cohort = get_object(program.cohorts.select_related("program"), code=code)
    form = CohortForm(request.POST or None, initial={"name": cohort.name, "entry_year": cohort.entry_year})
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The cohort was updated."))
            return redirect("programs:cohorts", slug=program.slug)
    return _render(request, "programs/cohort_form.html", {"program": program, "cohort": cohort, "form": form})


@login_required
@require_POST
def cohort_graduate(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    cohort = get_object(program.cohorts.select_related("program"), code=code)
    try:
        ended = services.cohort_graduate(cohort=cohort)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("{cohort} graduated; {value} group place(s) ended today.").format(
                cohort=cohort, value=len(ended)
            ),
        )
    return redirect("programs:cohorts", slug=program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request: HttpRequest, slug: str) -> HttpResponse:
    """The academic-year rollover: a preview of every cohort's next year and one confirmation."""
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    if request.method == "POST":
        form = RolloverForm(request.POST)
        if form.is_valid():
            try:
                plan = services.program_roll_over(program=program, year=form.cleaned_data["year"])
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                graduated = ", ".join(str(step.cohort) for step in plan.graduating) or "no cohort"
                messages.success(
                    request,
                    _("{program} is now in {label}; graduated: {graduated}.").format(
                        program=program, label=plan.label, graduated=graduated
                    ),
                )
                return redirect("programs:cohorts", slug=program.slug)
        else:
            messages.error(request, _("Look at the preview again before confirming."))
    plan = services.rollover_preview(program=program)
    return render(request, "programs/rollover.html", {"program": program, "plan": plan})
