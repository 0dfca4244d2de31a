"""Per-person API tokens (only a hash of the secret is stored) and failed-authentication counters."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from balint.core.models import CodedModel
from balint.programs.models import Person


class ApiToken(CodedModel):
    """A bearer token acting as its person with that person's roles; read-only ones refuse every write."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        max_length=80, help_text=gettext_lazy("What the token is for, e.g. “Residency dashboard”.")
    )
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)  # sha256 of the whole token
    read_only = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The creating form's one-time value: sending the same form again (reload, double click) adds nothing.
    form_nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "form_nonce"], condition=~models.Q(form_nonce=""), name="one_token_per_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "live" if self.is_live() else "expired"


class AuthFailure(models.Model):
    """Failed token authentications per key (client address or token prefix) in one fixed time window.

    Kept in the database so that every app-server process counts the same failures.
    """

    key = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%H:%M}"
