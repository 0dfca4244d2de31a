"""Shared model bases, and the Job row that balint.core.jobs runs."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy


class BaseModel(models.Model):
    """Adds created_at / updated_at to every Balint model."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CodedModel(BaseModel):
    """A model addressed in URLs by an unguessable code, never by its id."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


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
        QUEUED = "queued", gettext_lazy("Waiting for a worker")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

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
    # The client address of the request that queued the job, for the audit entry its task writes.
    requested_from = models.GenericIPAddressField(null=True, blank=True)

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
