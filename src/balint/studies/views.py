"""Studies pages: the study's own (owner, analysts, member sites) and each program's own studies pages."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.core.jobs import job_enqueue
from balint.core.services import get_object
from balint.privacy.audit import audit_record
from balint.programs.access import get_person_for
from balint.studies import selectors, services
from balint.studies.access import (
    can_create_study,
    get_member_for,
    get_studies_page_for,
    get_study_for,
    require_create,
    visible_studies,
)
from balint.studies.forms import AnalystForm, CodebookImportForm, ConsentForm, InvitationForm, StudyForm
from balint.studies.models import Contribution, Study
from balint.studies.tasks import study_export_task


def _render(request: HttpRequest, template: str, context: dict, invalid: bool = False) -> HttpResponse:
    return render(request, template, context, status=422 if invalid else 200)


# ---- the study's own pages -----------------------------------------------------------------------------


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    """The studies this person owns, analyses or whose member program they administer."""
    studies = visible_studies(request.user)
    return render(
        request,
        "studies/study_list.html",
        {"studies": studies, "can_create": can_create_study(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest) -> HttpResponse:
    owner = require_create(request)
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            study = services.study_create(owner=owner, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The study was created. Give its invitation code to the programs."))
            return redirect("studies:detail", code=study.code)
    return _render(
        request, "studies/study_form.html", {"form": form, "study": None}, request.method == "POST"
    )


@login_required
def study_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    study, roles = get_study_for(request, code, lambda r: r.can_view())
    members = selectors.member_list(study=study)
    if not (roles.can_manage() or roles.can_analyse()):
        own = {m.pk for m in roles.sites}
        members = [m for m in members if m.pk in own]
    context = {
        "study": study,
        "roles": roles,
        "members": members,
        "analysts": services.study_analysts(study=study) if roles.can_manage() else [],
        "withdrawals": [
            w
            for w in selectors.withdrawals(study=study)
            if roles.can_manage() or roles.can_analyse() or w.member in roles.sites
        ],
    }
    return render(request, "studies/study_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def study_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    study, _roles = get_study_for(request, code, lambda r: r.can_manage())
    form = StudyForm(request.POST or None, instance=study)
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(study=Study.objects.get(pk=study.pk), data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The protocol summary was saved."))
            return redirect("studies:detail", code=study.code)
    return _render(
        request, "studies/study_form.html", {"form": form, "study": study}, request.method == "POST"
    )


@login_required
@require_http_methods(["GET", "POST"])
def analysts(request: HttpRequest, code: UUID) -> HttpResponse:
    study, roles = get_study_for(request, code, lambda r: r.can_manage())
    form = AnalystForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.study_analyst_add(study=study, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request, _("{full_name} is now an analyst of the study.").format(full_name=person.full_name)
            )
            return redirect("studies:analysts", code=study.code)
    context = {"study": study, "form": form, "analysts": services.study_analysts(study=study)}
    return _render(request, "studies/analysts.html", context, request.method == "POST")


@require_POST
@login_required
def analyst_remove(request: HttpRequest, code: UUID, person: UUID) -> HttpResponse:
    study, _roles = get_study_for(request, code, lambda r: r.can_manage())
    analyst = get_person_for(request, study.workspace, person)
    services.study_analyst_remove(study=study, person=analyst)
    messages.success(
        request, _("{full_name} is no longer an analyst of the study.").format(full_name=analyst.full_name)
    )
    return redirect("studies:analysts", code=study.code)


@login_required
@require_http_methods(["GET", "POST"])
def codebook_import(request: HttpRequest, code: UUID) -> HttpResponse:
    study, roles = get_study_for(request, code, lambda r: r.can_import_codebook())
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.study_codebook_import(
                study=study, data=form.cleaned_data["file"].read(), importer=roles.person
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("Codebook: {themes_new} new themes, {themes_matched} matched.").format(
                    themes_new=summary.themes_new, themes_matched=summary.themes_matched
                ),
            )
            return redirect("studies:detail", code=study.code)
    return _render(
        request, "studies/codebook_import.html", {"study": study, "form": form}, request.method == "POST"
    )


@login_required
def report(request: HttpRequest, code: UUID) -> HttpResponse:
    study, roles = get_study_for(request, code, lambda r: r.can_see_report())
    themes = selectors.report_themes(study=study)
    theme = next((t for t in themes if str(t.code) == request.GET.get("theme", "")), None)
    context = {
        "study": study,
        "roles": roles,
        "themes": themes,
        "theme": theme,
        "report": selectors.study_report(study=study, theme=theme),
    }
    return render(request, "studies/report.html", context)


@require_POST
@login_required
def export(request: HttpRequest, code: UUID) -> HttpResponse:
    """The whole study as .qdpx, built in the background (`services.study_qdpx`): sites as cases."""
    study, roles = get_study_for(request, code, lambda r: r.can_analyse())
    job = job_enqueue(
        kind="studies.export.qdpx",
        title=_("REFI-QDA project of the study {title}").format(title=study.title),
        task=study_export_task,
        program=study.workspace,
        person=roles.person,
        study_code=str(study.code),
        person_code=str(roles.person.code),
    )
    audit_record(
        action="exported",
        request=request,
        object_type="study qdpx",
        object_code=str(study.code),
        program=study.workspace,
    )
    return redirect(job.get_absolute_url())


# ---- a program's own studies pages ---------------------------------------------------------------------


@login_required
def program_studies(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_studies_page_for(request, slug)
    context = {
        "program": program,
        "memberships": selectors.program_studies(program=program),
        "form": InvitationForm(),
    }
    return render(request, "studies/program_studies.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Enter the invitation code, read the protocol, consent explicitly; only then the program joins."""
    program, roles = get_studies_page_for(request, slug)
    data = request.POST if request.method == "POST" else request.GET
    lookup = InvitationForm(data)
    if not lookup.is_valid():
        return _render(
            request,
            "studies/program_studies.html",
            {"program": program, "memberships": selectors.program_studies(program=program), "form": lookup},
            invalid=True,
        )
    study = get_object(Study.objects.select_related("owner"), invitation=lookup.cleaned_data["invitation"])
    form = ConsentForm(request.POST or None, initial={"invitation": study.invitation})
    if request.method == "POST" and form.is_valid():
        try:
            services.study_join(
                study=study, program=program, consented_by=roles.person, consent=form.cleaned_data["consent"]
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("{name} takes part in “{title}”. Choose what it contributes.").format(
                    name=program.name, title=study.title
                ),
            )
            return redirect("studies:contribute", slug=program.slug, code=study.code)
    context = {
        "program": program,
        "study": study,
        "form": form,
        "consent_text": services.consent_text(study=study, program=program),
    }
    return _render(request, "studies/join.html", context, request.method == "POST")


@login_required
def contribute(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    member, roles = get_member_for(request, slug, code)
    context = {
        "program": member.program,
        "member": member,
        "study": member.study,
        "candidates": selectors.candidates(member=member) if member.is_active else [],
        "contributions": selectors.contributions(member=member),
        "withdrawals": selectors.withdrawals(study=member.study, member=member),
    }
    return render(request, "studies/contribute.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    """Exactly what the study will receive for the chosen sources; confirming contributes those."""
    member, roles = get_member_for(request, slug, code)
    data = request.POST if request.method == "POST" else request.GET
    sources = list(selectors.selected_sources(member=member, codes=data.getlist("source")))
    error = None
    if request.method == "POST":
        try:
            added = services.contributions_add(member=member, sources=sources, contributed_by=roles.person)
        except ApplicationError as refusal:
            error = refusal.message
        else:
            messages.success(
                request, _("{value} sources were contributed to the study.").format(value=len(added))
            )
            return redirect("studies:contribute", slug=member.program.slug, code=member.study.code)
    refusals = services.contribution_refusals(sources)
    items = [
        (
            source,
            refusals[source.pk],
            None if refusals[source.pk] else services.shared_form(member=member, source=source),
        )
        for source in sources
    ]
    context = {
        "program": member.program,
        "member": member,
        "study": member.study,
        "items": items,
        "error": error,
        "all_allowed": bool(items) and not any(r for _item, r, _rest in items),
    }
    return _render(request, "studies/preview.html", context, invalid=error is not None)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, code: UUID) -> HttpResponse:
    member, roles = get_member_for(request, slug, code)
    if request.method == "POST":
        try:
            record = services.member_withdraw(member=member, withdrawn_by=roles.person)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "{name} left the study: {sources} sources and {codings} codings on them "
                    "were removed from it."
                ).format(name=member.program.name, sources=record.sources, codings=record.codings),
            )
        return redirect("studies:contribute", slug=member.program.slug, code=member.study.code)
    context = {
        "program": member.program,
        "member": member,
        "study": member.study,
        "live": [c for c in selectors.contributions(member=member) if c.withdrawn_at is None],
    }
    return render(request, "studies/withdraw.html", context)


@require_POST
@login_required
def contribution_withdraw(request: HttpRequest, slug: str, code: UUID, contribution: UUID) -> HttpResponse:
    member, roles = get_member_for(request, slug, code)
    item = get_object(Contribution.objects.filter(member=member), code=contribution)
    try:
        services.contribution_withdraw(contribution=item, withdrawn_by=roles.person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“{title}” was withdrawn from the study.").format(title=item.title))
    return redirect("studies:contribute", slug=member.program.slug, code=member.study.code)
