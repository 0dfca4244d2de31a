"""Progress on a followed path: the page, its settings, sharing it, and its exports (XLSX, PDF)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.leaders import exports, selectors, services
from balint.leaders.access import get_own
from balint.leaders.forms import (
    FollowedForm,
)
from balint.leaders.models import (
    FollowedPath,
)
from balint.leaders.progress import path_progress
from balint.programs.access import get_program_for


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
        _("Your program administrators can now see this summary (not your log or debriefs).")
        if shared
        else _("This summary is private again."),
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
