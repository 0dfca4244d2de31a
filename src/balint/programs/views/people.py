"""Pages of a program's people: list, profile, add, edit, withdraw and return, roster import, own language."""

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
from balint.programs import roster, selectors, services
from balint.programs.access import get_person_for, get_program_for, person_for
from balint.programs.forms import (
    LanguageForm,
    PersonEditForm,
    PersonForm,
    RosterUploadForm,
)
from balint.programs.language import remember_language
from balint.programs.models import Person
from balint.programs.views.base import _render

ROSTER_SALT = "balint.programs.roster"


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
