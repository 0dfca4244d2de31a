"""Leader development pages: the leader's own log, debriefs, certification paths, progress and exports."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.leaders import exports, selectors, services
from balint.leaders.access import can_edit_path, get_leader, get_own, get_path, get_path_person, path_programs
from balint.leaders.forms import (
    DebriefForm,
    FollowedForm,
    FollowForm,
    PathForm,
    RequirementFormSet,
    SessionElsewhereForm,
    SupervisionForm,
    TrainingEventForm,
)
from balint.leaders.models import (
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.progress import path_progress
from balint.meetings.access import get_meeting_for
from balint.programs.access import get_program_for
from balint.programs.models import Role


@dataclass(frozen=True)
class EntryKind:
    model: type[Model]
    form: type[ModelForm]
    title: str  # a lazy translation
    needs_leader: bool = False


ENTRY_KINDS = {
    "training": EntryKind(TrainingEvent, TrainingEventForm, gettext_lazy("training event")),
    "supervision": EntryKind(
        SupervisionSession, SupervisionForm, gettext_lazy("supervision session"), needs_leader=True
    ),
    "elsewhere": EntryKind(SessionElsewhere, SessionElsewhereForm, gettext_lazy("session led elsewhere")),
}


def _own(kind: EntryKind):  # noqa: ANN202
    return lambda person: kind.model.objects.filter(leader=person)


@login_required
def home_panel(request: HttpRequest) -> HttpResponse:
    """The home page's progress card, loaded after the page by htmx."""
    leader = get_leader(request)
    progress = selectors.progress_for(person=leader, today=timezone.localdate())
    return render(request, "leaders/partials/_home_panel.html", {"ctx": {"progress": progress}})


@login_required
def log(request: HttpRequest) -> HttpResponse:
    leader = get_leader(request)
    page = selectors.log_page(person=leader)
    today = timezone.localdate()
    followed = list(selectors.followed_paths(person=leader))
    logged = page.log
    return render(
        request,
        "leaders/log.html",
        {
            "leader": leader,
            "page": page,
            "progress": [path_progress(f, logged, today) for f in followed],
        },
    )


def _entry_form(request: HttpRequest, kind: EntryKind, leader, instance=None):  # noqa: ANN001, ANN202
    extra = {"leader": leader} if kind.needs_leader else {}
    return kind.form(request.POST or None, instance=instance, **extra)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, kind_name: str) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    leader = get_leader(request)
    form = _entry_form(request, kind, leader)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(model=kind.model, leader=leader, data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The {title} was added to your log.").format(title=kind.title))
            return redirect("leaders:log")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "leaders/entry_form.html", {"form": form, "kind": kind, "entry": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind_name: str, code: UUID) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    leader, entry = get_own(request, _own(kind), code)
    form = _entry_form(request, kind, leader, instance=kind.model.objects.get(pk=entry.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(entry=entry, data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The {title} was updated.").format(title=kind.title))
            return redirect("leaders:log")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "leaders/entry_form.html",
        {
            "form": form,
            "kind": kind,
            "entry": entry,
            "delete_url": reverse(f"leaders:{kind_name}_delete", args=[code]),
        },
        status=status,
    )


@login_required
@require_POST
def entry_delete(request: HttpRequest, kind_name: str, code: UUID) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    _person, entry = get_own(request, _own(kind), code)
    services.entry_delete(entry=entry)
    messages.success(request, _("The {title} was removed from your log.").format(title=kind.title))
    return redirect("leaders:log")


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.leads(g))
    author = roles.person
    existing = Debrief.objects.filter(author=author, meeting=meeting).first()
    form = DebriefForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.debrief_save(author=author, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Your debrief was saved. Only you can read it."))
        return redirect("leaders:debriefs")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "leaders/debrief_form.html",
        {"form": form, "meeting": meeting, "debrief": existing},
        status=status,
    )


@login_required
@require_POST
def debrief_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    _person, entry = get_own(request, lambda person: Debrief.objects.filter(author=person), code)
    services.debrief_delete(debrief=entry)
    messages.success(request, _("The debrief was deleted."))
    return redirect("leaders:debriefs")


@login_required
def debriefs(request: HttpRequest) -> HttpResponse:
    leader = get_leader(request)
    led = selectors.sessions_led(person=leader)
    return render(
        request,
        "leaders/debriefs.html",
        {
            "debriefs": list(selectors.debriefs(person=leader)),
            "undebriefed": [s for s in led if not s.debriefed][:12],
        },
    )


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


def _is_leader(person) -> bool:  # noqa: ANN001
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


def _path_form_page(request: HttpRequest, person, path=None) -> HttpResponse:  # noqa: ANN001
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


def _followed(request: HttpRequest, code: UUID) -> FollowedPath:
    _person, followed = get_own(request, lambda person: selectors.followed_paths(person=person), code)
    return followed


@login_required
def progress(request: HttpRequest, code: UUID) -> HttpResponse:
    followed = _followed(request, code)
    result = path_progress(followed, selectors.log_totals(person=followed.leader), timezone.localdate())
    return render(
        request, "leaders/progress.html", {"progress": result, "followed": followed, "path": followed.path}
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_settings(request: HttpRequest, code: UUID) -> HttpResponse:
    followed = _followed(request, code)
    initial = {
        "started_on": followed.started_on,
        "target_on": followed.target_on,
        "shared": followed.shared,
        "confirmed": list(followed.confirmed.all()),
    }
    form = FollowedForm(request.POST or None, initial=initial, followed=followed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.followed_update(
            followed=followed,
            started_on=data["started_on"],
            target_on=data.get("target_on"),
            shared=data["shared"],
            confirmed=list(data.get("confirmed") or []),
        )
        messages.success(request, _("Saved."))
        return redirect("leaders:progress", code=followed.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "leaders/progress_settings.html", {"form": form, "followed": followed}, status=status
    )


@login_required
@require_POST
def progress_share(request: HttpRequest, code: UUID) -> HttpResponse:
    followed = _followed(request, code)
    shared = request.POST.get("shared") == "on"
    services.followed_share(followed=followed, shared=shared)
    messages.success(
        request,
        "Your program administrators can now see this summary (not your log or debriefs)."
        if shared
        else "This summary is private again.",
    )
    return redirect("leaders:progress", code=followed.code)


@login_required
@require_POST
def progress_stop(request: HttpRequest, code: UUID) -> HttpResponse:
    followed = _followed(request, code)
    name = followed.path.name
    services.followed_delete(followed=followed)
    messages.success(request, _("You no longer follow “{name}”. Your log is unchanged.").format(name=name))
    return redirect("leaders:log")


def _export(request: HttpRequest, code: UUID) -> exports.ExportContext:
    followed = _followed(request, code)
    page = selectors.log_page(person=followed.leader)
    result = path_progress(followed, page.log, timezone.localdate())
    return exports.export_context(leader=followed.leader, progress=result, log=page)


def _filename(context: exports.ExportContext, extension: str) -> str:
    name = slugify(f"{context.leader.full_name} {context.progress.followed.path.body}")[:80] or "leader-log"
    return f"{name}-{context.generated_on:%Y-%m-%d}.{extension}"


@login_required
def export_xlsx(request: HttpRequest, code: UUID) -> HttpResponse:
    context = _export(request, code)
    response = HttpResponse(
        exports.export_xlsx(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "xlsx")}"'
    return response


@login_required
def export_pdf(request: HttpRequest, code: UUID) -> HttpResponse:
    context = _export(request, code)
    response = HttpResponse(exports.export_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "pdf")}"'
    return response


@login_required
def shared(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.can_manage_program())
    return render(
        request,
        "leaders/shared.html",
        {"program": program, "summaries": selectors.shared_summaries(program=program)},
    )
