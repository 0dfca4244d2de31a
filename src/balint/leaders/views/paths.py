"""Certification paths: the list, a path's page, writing one, and following it."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.leaders import selectors, services
from balint.leaders.access import can_edit_path, get_leader, get_path, get_path_person, path_programs
from balint.leaders.forms import (
    FollowForm,
    PathForm,
    RequirementFormSet,
)
from balint.leaders.models import (
    FollowedPath,
    Requirement,
)
from balint.programs.models import Role


@login_required
def paths(request: HttpRequest) -> HttpResponse:
    person = get_path_person(request)
    followed = {f.path_id: f for f in FollowedPath.objects.filter(leader=person)}
    visible = list(selectors.paths_visible_to(person=person))
    return render(
        request,
        "leaders/paths.html",
        {"paths": [(p, followed.get(p.pk)) for p in visible], "is_leader": _is_leader(person)},
    )


def _is_leader(person) -> bool:
    return person.memberships.filter(role=Role.LEADER, active=True).exists()


@login_required
def path_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    person, path = get_path(request, code)
    followed = FollowedPath.objects.filter(leader=person, path=path).first()
    form = (
        FollowForm(initial={"started_on": timezone.localdate()})
        if _is_leader(person) and not followed
        else None
    )
    return render(
        request,
        "leaders/path_detail.html",
        {
            "path": path,
            "followed": followed,
            "form": form,
            "can_edit": can_edit_path(person, path),
            "requirements": path.requirements.all(),
        },
    )


def _path_form_page(request: HttpRequest, person, path=None) -> HttpResponse:
    programs = path_programs(person)
    form = PathForm(request.POST or None, instance=path, programs=programs)
    initial = None
    if path is not None and request.method != "POST":
        initial = [{k: getattr(r, k) for k in services.REQUIREMENT_FIELDS} for r in path.requirements.all()]
    formset = RequirementFormSet(request.POST or None, initial=initial, prefix="req")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "program"}
        try:
            if path is None:
                path = services.path_create(
                    program=form.cleaned_data["program"],
                    created_by=person,
                    data=data,
                    requirements=formset.requirements(),
                )
            else:
                services.path_update(path=path, data=data, requirements=formset.requirements())
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The path “{name}” was saved.").format(name=path.name))
            return redirect("leaders:path", code=path.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "leaders/path_form.html",
        {"form": form, "formset": formset, "path": path, "kinds": Requirement.Kind.choices},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def path_new(request: HttpRequest) -> HttpResponse:
    return _path_form_page(request, get_path_person(request))


@login_required
@require_http_methods(["GET", "POST"])
def path_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    person, path = get_path(request, code)
    if not can_edit_path(person, path):
        raise PermissionDenied(_("Only the program's admins or the person who defined it change this path."))
    return _path_form_page(request, person, path)


@login_required
@require_POST
def path_follow(request: HttpRequest, code: UUID) -> HttpResponse:
    leader = get_leader(request)
    _person, path = get_path(request, code)
    form = FollowForm(request.POST)
    if form.is_valid():
        try:
            followed = services.path_follow(leader=leader, path=path, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("You now follow “{name}”.").format(name=path.name))
            return redirect("leaders:progress", code=followed.code)
    context = {
        "path": path,
        "followed": None,
        "form": form,
        "can_edit": False,
        "requirements": path.requirements.all(),
    }
    return render(request, "leaders/path_detail.html", context, status=422)
