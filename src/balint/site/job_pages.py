"""Job progress pages: only the person who started a job (or an admin of its program) sees its progress, and
only the person who started it downloads what it made.

An output was made under its requester's scope (an export holds what they may read, a backup what an
administrator may hold), so nobody else gets it, not even an administrator of the program; and the requester
gets it only while they still hold a role in the job's program."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from balint.core.jobs import Job, job_refresh_stale
from balint.core.services import get_object
from balint.programs.access import person_for, programs_for, roles_for


def _is_mine(request: HttpRequest, job: Job) -> bool:
    person = person_for(request.user)
    return person is not None and job.requested_by_id == person.pk


def _job_for(request: HttpRequest, code: UUID) -> Job:
    job = get_object(Job.objects.select_related("program", "requested_by"), code=code)
    if job.program_id and not programs_for(request.user).filter(pk=job.program_id).exists():
        raise Http404(_("No such job."))
    if not _is_mine(request, job) and not (job.program and roles_for(request.user, job.program).is_admin):
        raise PermissionDenied
    return job_refresh_stale(job)


@login_required
def job_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    job = _job_for(request, code)
    return render(request, "site/job_detail.html", {"job": job, "can_download": _is_mine(request, job)})


@login_required
def job_status(request: HttpRequest, code: UUID) -> HttpResponse:
    job = _job_for(request, code)
    context = {"job": job, "can_download": _is_mine(request, job)}
    response = render(request, "site/partials/_job_status.html", context)
    if job.finished:
        response["HX-Refresh"] = "false"
    return response


@login_required
def job_download(request: HttpRequest, code: UUID) -> HttpResponse:
    job = _job_for(request, code)
    if not _is_mine(request, job):
        raise PermissionDenied(_("Only the person who asked for this file can download it."))
    if job.status != Job.Status.DONE or job.output is None:
        raise Http404(_("This job has nothing to download."))
    response = HttpResponse(bytes(job.output), content_type=job.output_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.output_name or "download"}"'
    return response
