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
"""

import contextlib
import datetime
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.core.models import CodedModel

logger = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(minutes=10)


def stale_after() -> datetime.timedelta:
    """How long a running job may go without a heartbeat before it shows as failed."""
    seconds = getattr(settings, "JOB_STALE_SECONDS", None)
    return datetime.timedelta(seconds=seconds) if seconds else STALE_AFTER


def no_worker_after() -> datetime.timedelta:
    """How long a job may wait in the queue before its page says no worker is running."""
    return datetime.timedelta(seconds=getattr(settings, "JOB_NO_WORKER_SECONDS", 30))


class Job(CodedModel):
    """One piece of long work: who asked, how far it is, and what it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    program = models.ForeignKey(
        "programs.Program", models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    requested_by = models.ForeignKey(
        "programs.Person", models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    output = models.BinaryField(null=True, blank=True, editable=False)
    output_name = models.CharField(max_length=200, blank=True)
    output_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("core:job", args=[self.code])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def waiting_without_worker(self) -> bool:
        """Still queued well after it was asked for: no task worker has been seen taking work."""
        return self.status == self.Status.QUEUED and timezone.now() - self.created_at > no_worker_after()

    def step(self, progress: int, message: str = "") -> None:
        """Save progress at once (outside any long transaction of the task, so pages see it)."""
        self.progress = max(0, min(100, progress))
        self.message = message[:300]
        self.heartbeat_at = timezone.now()
        Job.objects.filter(pk=self.pk).update(
            progress=self.progress, message=self.message, heartbeat_at=self.heartbeat_at
        )

    def finish(
        self,
        *,
        result: dict | None = None,
        output: bytes | None = None,
        name: str = "",
        content_type: str = "",
    ) -> None:
        self.status = self.Status.DONE
        self.progress = 100
        self.message = self.message if self.message and output is None else "Finished"
        self.result = result or {}
        self.output = output
        self.output_name = name
        self.output_type = content_type
        self.heartbeat_at = timezone.now()
        self.save()


def job_enqueue(
    *, kind: str, title: str, task: Any, program: Any = None, person: Any = None, **kwargs: Any
) -> Job:
    """Record a job and queue its task; the task receives `job_code` plus the given arguments."""
    job = Job.objects.create(kind=kind, title=title, program=program, requested_by=person)
    task.enqueue(job_code=str(job.code), **kwargs)
    job.refresh_from_db()
    return job


@contextlib.contextmanager
def job_running(job_code: str) -> Iterator[Job]:
    """Mark the job running for the body; a failure marks it failed with a readable message."""
    job = Job.objects.get(code=job_code)
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
            job, f"An unexpected error stopped this job ({type(error).__name__}). Nothing partial was kept."
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
        _fail(job, "The worker running this job stopped. Start it again; nothing partial was kept.")
    return job
