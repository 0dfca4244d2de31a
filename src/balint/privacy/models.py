"""The audit trail and the record of identifiers a writer chose to keep."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from balint.privacy.fields import EncryptedTextField


class AppendOnlyError(Exception):
    """An audit event cannot be changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")


class AuditEvent(models.Model):
    """Who did what to which object, and when. Append-only: never updated, never deleted.

    Actor and program are kept as plain references (no database constraint, no cascade) so that the
    trail outlives the people and programs it mentions.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", gettext_lazy("Viewed")
        CHANGED = "changed", gettext_lazy("Changed")
        EXPORTED = "exported", gettext_lazy("Exported")
        RESTORED = "restored", gettext_lazy("Restored")
        SIGNED_IN = "signed_in", gettext_lazy("Signed in")
        SIGNED_OUT = "signed_out", gettext_lazy("Signed out")
        FAILED_SIGN_IN = "failed_sign_in", gettext_lazy("Failed sign-in")
        TWO_FACTOR = "two_factor", gettext_lazy("Two-factor change")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "programs.Person",
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(
        max_length=150, blank=True, help_text=gettext_lazy("Name or attempted username.")
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_code = models.CharField(max_length=64, blank=True)
    program = models.ForeignKey(
        "programs.Program", models.DO_NOTHING, null=True, blank=True, db_constraint=False, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["program", "-at"], name="audit_program_at")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_code}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events are append-only: they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted.")


class ScreeningKeep(models.Model):
    """A writer kept a possible identifier in stored text, with a reason; the identifier is not copied."""

    at = models.DateTimeField(auto_now_add=True)
    program = models.ForeignKey("programs.Program", models.CASCADE, related_name="+")
    person = models.ForeignKey("programs.Person", models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=16)
    where = models.CharField(
        max_length=120, help_text=gettext_lazy("Model and field, e.g. meetings.MeetingNote.content.")
    )
    reason = EncryptedTextField(max_length=300)
    digest = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=gettext_lazy(
            "A keyed hash (server secret) of the kind and the span's text: later saves of the same "
            "field are not asked again about the same span while its text is unchanged."
        ),
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} kept in {self.where}"
