"""Program, people and group pages."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.core.services import get_object
from balint.programs import roster, selectors, services
from balint.programs.access import get_group_for, get_person_for, get_program_for, person_for
from balint.programs.forms import (
    CohortForm,
    GroupForm,
    GroupPolicyForm,
    LanguageForm,
    PersonEditForm,
    PersonForm,
    ProgramForm,
    RolloverForm,
    RosterUploadForm,
    SeatAddForm,
    SeatEndForm,
)
from balint.programs.hooks import GROUP_PAGE_CONTEXT
from balint.programs.language import remember_language
from balint.programs.models import Person, Program

ROSTER_SALT = "balint.programs.roster"


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
        raise PermissionDenied
    memberships = person.memberships.filter(program=program).select_related("cohort__program")
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
            services.person_invite(program=program, person=person)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("{person} was added and sent an e-mail to choose a password.").format(person=person),
            )
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


# --- Maintenance by the program's administrators -----------------------------------------------------


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(request, template, context, status=status)


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
def person_edit(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    person = get_person_for(request, program, code)
    held = list(person.memberships.filter(program=program))
    initial = {
        "full_name": person.full_name,
        "email": person.email,
        "roles": [m.role for m in held],
        "cohort": next((m.cohort for m in held if m.cohort_id), None),
    }
    form = PersonEditForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(program=program, person=person, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("{person} was updated.").format(person=person))
            return redirect("programs:person", slug=program.slug, code=person.code)
    active = any(m.active for m in held)
    return _render(
        request,
        "programs/person_edit.html",
        {"program": program, "person": person, "form": form, "active": active, "roles": roles},
    )


@login_required
@require_POST
def person_deactivate(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    person = get_person_for(request, program, code)
    try:
        services.person_deactivate(program=program, person=person, by=roles.person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("{person} was deactivated: no sign-in, no invitations; their records stay.").format(
                person=person
            ),
        )
    return redirect("programs:person", slug=program.slug, code=person.code)


@login_required
@require_POST
def person_reactivate(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    person = get_person_for(request, program, code)
    services.person_reactivate(program=program, person=person)
    messages.success(
        request,
        _("{person} is active again (add them back to their groups if needed).").format(person=person),
    )
    return redirect("programs:person", slug=program.slug, code=person.code)


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
                _("{leaving} left {group} on {value:%d %b %Y}.").format(
                    leaving=leaving, group=group, value=form.cleaned_data["ends_on"]
                ),
            )
    return redirect("programs:group_people", code=group.code)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → preview with each row's problems → import all (with invitation e-mails) or nothing."""
    program, _unused = get_program_for(request, slug, lambda r: r.can_manage_program())
    form = RosterUploadForm()
    check, signed = None, ""
    if request.method == "POST" and "rows" in request.POST:
        try:
            rows = [roster.RosterRow(**row) for row in signing.loads(request.POST["rows"], salt=ROSTER_SALT)]
        except (signing.BadSignature, TypeError):
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect("programs:roster_import", slug=program.slug)
        try:
            people = roster.roster_import(program=program, rows=rows, starts_on=timezone.localdate())
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("programs:roster_import", slug=program.slug)
        messages.success(
            request, _("{value} people were added and invited by e-mail.").format(value=len(people))
        )
        return redirect("programs:people", slug=program.slug)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = roster.roster_read(name=upload.name, content=upload.read())
            except ApplicationError as error:
                error.add_to(form)
            else:
                check = roster.roster_check(program=program, rows=rows)
                signed = signing.dumps([row.as_dict() for row in rows], salt=ROSTER_SALT) if check.ok else ""
                return render(
                    request,
                    "programs/roster_import.html",
                    {"program": program, "form": form, "check": check, "signed": signed},
                    status=200 if check.ok else 422,
                )
    return _render(request, "programs/roster_import.html", {"program": program, "form": form, "check": check})


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


@login_required
@require_http_methods(["GET", "POST"])
def language_settings(request: HttpRequest) -> HttpResponse:
    """Each person picks the language of their own pages; a sign-in without a person has none to pick."""
    person = person_for(request.user)
    if person is None:
        raise Http404
    form = LanguageForm(request.POST or None, instance=Person.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        person = services.person_language_update(person=person, language=form.cleaned_data["language"])
        remember_language(request, person)  # the message below is already in the new language
        messages.success(request, _("Your language was saved."))
        return redirect("programs:language")
    return _render(request, "programs/language.html", {"form": form, "person": person})
