"""Pages of a group: create, overview, policy, co-leaders and members, and a seat's end."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.programs import selectors, services
from balint.programs.access import get_group_for, get_person_for, get_program_for
from balint.programs.forms import (
    GroupForm,
    GroupPolicyForm,
    SeatAddForm,
    SeatEndForm,
)
from balint.programs.hooks import GROUP_PAGE_CONTEXT
from balint.programs.views.base import _render


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = GroupForm(request.POST or None, program=program, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                program=program,
                name=data["name"],
                description=data["description"],
                starts_on=data["starts_on"],
                leaders=list(data["leaders"]),
                members=list(data["members"]),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The group “{group}” was created.").format(group=group))
            return redirect("programs:group", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/group_form.html", {"program": program, "form": form}, status=status)


@login_required
def group_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    context = {
        "group": group,
        "program": group.program,
        "roles": roles,
        "policies": selectors.policy_history(group=group),
        "leaders": group.leaders.all(),
        "members": group.members.all() if roles.can_run_group(group) or roles.is_admin else None,
        "can_run": roles.can_run_group(group),
    }
    for add in GROUP_PAGE_CONTEXT:  # meetings: the sessions at a glance ("summary")
        context |= add(group)
    return render(request, "programs/group_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_policy_update(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_run_group(g) or r.can_manage_program())
    current = group.policy
    initial = {"effective_from": timezone.localdate()}
    if current:
        initial |= {
            f: getattr(current, f)
            for f in [
                "format",
                "latecomers",
                "problem_solving_allowed",
                "focus_chosen_by",
                "sessions_per_month",
            ]
        }
    form = GroupPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.group_policy_set(group=group, **data)
        messages.success(request, _("The group's policy was updated."))
        return redirect("programs:group", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/policy_form.html", {"group": group, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_people(request: HttpRequest, code: UUID) -> HttpResponse:
    """Add members and co-leaders from a date; the list shows everyone's periods, past ones too."""
    group, roles = get_group_for(request, code, lambda r, g: r.can_manage_program())
    form = SeatAddForm(request.POST or None, group=group, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_seat_add(group=group, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request, _("{value} joined {group}.").format(value=form.cleaned_data["person"], group=group)
            )
            return redirect("programs:group_people", code=group.code)
    return _render(
        request,
        "programs/group_people.html",
        {
            "group": group,
            "program": group.program,
            "form": form,
            "seats": selectors.seat_history(group=group),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def group_seat_end(request: HttpRequest, code: UUID, person: UUID) -> HttpResponse:
    group, _unused = get_group_for(request, code, lambda r, g: r.can_manage_program())
    leaving = get_person_for(request, group.program, person)
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day in the group as a date."))
    else:
        try:
            services.group_seat_end(group=group, person=leaving, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("{leaving} left {group} on {value}.").format(
                    leaving=leaving, group=group, value=day(form.cleaned_data["ends_on"])
                ),
            )
    return redirect("programs:group_people", code=group.code)
