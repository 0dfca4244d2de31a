"""What the exchange app keeps: REFI-QDA GUIDs of imported objects, and uploads waiting for confirmation."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel, CodedModel
from balint.programs.models import Person, Program

PENDING_IMPORT_LIFETIME = datetime.timedelta(hours=24)


class GuidLink(BaseModel):
    """The GUID another tool gave an object whose own `code` could not take it (already used elsewhere).

    Exports write the linked GUID instead of the code, so a project moved in and out keeps its GUIDs.
    """

    class Kind(models.TextChoices):
        SOURCE = "source", gettext_lazy("Source")
        THEME = "theme", gettext_lazy("Theme")
        CODING = "coding", gettext_lazy("Coding")
        MEMO = "memo", gettext_lazy("Memo")
        PERSON = "person", gettext_lazy("Person")

    program = models.ForeignKey(Program, models.CASCADE, related_name="guid_links")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_code = models.UUIDField()
    guid = models.CharField(max_length=36)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "object_code"], name="one_guid_per_object"),
            models.UniqueConstraint(fields=["program", "kind", "guid"], name="one_object_per_guid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.guid}"


class PendingImport(CodedModel):
    """An uploaded file between its preview and the confirmation; found only by its unguessable code."""

    class Format(models.TextChoices):
        QDPX = "qdpx", gettext_lazy("REFI-QDA project (.qdpx)")
        QDC = "qdc", gettext_lazy("REFI-QDA codebook (.qdc)")

    program = models.ForeignKey(Program, models.CASCADE, related_name="pending_imports")
    uploaded_by = models.ForeignKey(Person, models.CASCADE, related_name="+")
    format = models.CharField(max_length=8, choices=Format.choices)
    file_name = models.CharField(max_length=200)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    deidentified = models.BooleanField(default=False)
    preview = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def expired(self) -> bool:
        return timezone.now() - self.created_at > PENDING_IMPORT_LIFETIME
