"""Background jobs: a Job row that a page polls for status and progress, run by a django-tasks task.

A task written for a job looks like this::

    @task()
    def report_build_task(job_code: str, date_from: str) -> None:
        with job_running(job_code) as job:
            job.step(10, "Counting attendance")
            ...
            job.finish(output=pdf_bytes, name="report.pdf", content_type="application/pdf")

and a view starts it with `job_enqueue(kind=..., program=..., person=..., task=report_build_task,
date_from=...)`, then redirects to `job.get_absolute_url()`. A job whose worker died shows as failed
once its heartbeat is older than STALE_AFTER (setting JOB_STALE_SECONDS), so nobody waits for ever.

The task runs in the language of the person who asked for it (else the program's default, else the site's),
so its steps, errors, summaries and the files it writes (PDF, spreadsheets, documents) read as their pages do.
"""

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.models import Job, stale_after

__all__ = ["Job", "job_enqueue", "job_refresh_stale", "job_running"]  # Job is re-exported for the callers

logger = logging.getLogger(__name__)


def job_enqueue(
    *,
    kind: str,
    title: str,
    task: Any,
    program: Any = None,
    person: Any = None,
    requested_from: str | None = None,
    **kwargs: Any,
) -> Job:
    """Record a job and queue its task; the task receives `job_code` plus the given arguments.

    `requested_from` is the client address of the request that queued it (`privacy.audit.client_ip`): a
    task that writes an audit entry (an export, a backup) records that address, not the worker's."""
    job = Job.objects.create(
        kind=kind, title=title, program=program, requested_by=person, requested_from=requested_from
    )
    task.enqueue(job_code=str(job.code), **kwargs)
    job.refresh_from_db()
    return job


@contextlib.contextmanager
def job_running(job_code: str) -> Iterator[Job]:
    """Mark the job running for the body; a failure marks it failed with a readable message."""
    job = Job.objects.select_related("requested_by", "program").get(code=job_code)
    with translation.override(job_language(job)):
        yield from _run(job)


def job_language(job: Job) -> str:
    """The requester's language, else the program's default, else the site's."""
    languages = dict(settings.LANGUAGES)
    for code in (getattr(job.requested_by, "language", ""), getattr(job.program, "default_language", "")):
        if code and code in languages:
            return code
    return settings.LANGUAGE_CODE


def _run(job: Job) -> Iterator[Job]:
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.heartbeat_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "attempts", "heartbeat_at", "error", "updated_at"])
    try:
        yield job
    except ApplicationError as error:
        _fail(job, error.message)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.code, job.kind)
        _fail(
            job,
            _("An unexpected error stopped this job ({error}). Nothing partial was kept.").format(
                error=type(error).__name__
            ),
        )
        raise
    else:
        if job.status == Job.Status.RUNNING:
            job.finish(result=job.result)


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=message, heartbeat_at=timezone.now())
    job.status, job.error = Job.Status.FAILED, message


def job_refresh_stale(job: Job) -> Job:
    """A running or queued job whose heartbeat stopped long ago is marked failed, visibly."""
    last = job.heartbeat_at or job.created_at
    if not job.finished and job.status == Job.Status.RUNNING and timezone.now() - last > stale_after():
        _fail(job, _("The worker running this job stopped. Start it again; nothing partial was kept."))
    return job
