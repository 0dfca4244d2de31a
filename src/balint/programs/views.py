"""Program, people and group pages."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from balint.core.errors import ApplicationError
from balint.programs import selectors, services
from balint.programs.access import get_group_for, get_person_for, get_program_for
from balint.programs.forms import GroupForm, GroupPolicyForm, PersonForm


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
def people_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_view_people())
    return render(
        request,
        "programs/people_list.html",
        {"program": program, "roles": roles, "people": selectors.people_list(program=program)},
    )


@login_required
def person_detail(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: True)
    person = get_person_for(request, program, code)
    if not roles.can_view_person(person):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    memberships = person.memberships.filter(program=program).select_related("cohort")
    return render(
        request,
        "programs/person_detail.html",
        {
            "program": program,
            "roles": roles,
            "person": person,
            "memberships": memberships,
            "led_groups": person.led_groups.filter(program=program),
            "member_groups": person.member_groups.filter(program=program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = PersonForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(program=program, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, f"{person} was added. They set a password through “Forgot password”.")
            return redirect("programs:people", slug=program.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/person_form.html", {"program": program, "form": form}, status=status)


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
            messages.success(request, f"The group “{group}” was created.")
            return redirect("programs:group", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/group_form.html", {"program": program, "form": form}, status=status)


@login_required
def group_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    from balint.meetings.selectors import group_summary

    return render(
        request,
        "programs/group_detail.html",
        {
            "group": group,
            "program": group.program,
            "roles": roles,
            "policies": selectors.policy_history(group=group),
            "leaders": group.leaders.all(),
            "members": group.members.all() if roles.can_run_group(group) or roles.is_admin else None,
            "summary": group_summary(group=group),
            "can_run": roles.can_run_group(group),
        },
    )


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
        messages.success(request, "The group's policy was updated.")
        return redirect("programs:group", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/policy_form.html", {"group": group, "form": form}, status=status)
