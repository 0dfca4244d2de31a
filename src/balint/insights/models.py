"""Stored suggestions (never applied by themselves), theme runs, quality evaluations and cached embeddings.

A suggestion records which sources its passage and its evidence came from (`source_ids`), so a page
shows it only to a person who may see every one of those sources.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from balint.coding.models import Coding, Source, Theme
from balint.core.jobs import Job
from balint.core.models import BaseModel, CodedModel
from balint.privacy.encrypted_json import EncryptedJSONField
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Person, Program

MAX_LABEL = 200


class Embedding(BaseModel):
    """One passage's sentence embedding, keyed by an HMAC (under SECRET_KEY) of model name and text."""

    key = models.CharField(max_length=64)
    model_name = models.CharField(max_length=80)
    dim = models.PositiveSmallIntegerField()
    vector = models.BinaryField()  # float32, little-endian, dim values

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "model_name"], name="one_embedding_per_text")]


class ThemeRun(CodedModel):
    """One candidate-themes run over a program's passages; reused while the coding data is unchanged."""

    class Scope(models.TextChoices):
        UNCODED = "uncoded", gettext_lazy("Uncoded passages")
        ALL = "all", gettext_lazy("All passages")

    class Status(models.TextChoices):
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    program = models.ForeignKey(Program, models.CASCADE, related_name="theme_runs")
    requested_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    job = models.ForeignKey(Job, models.SET_NULL, null=True, blank=True, related_name="+")
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.UNCODED)
    engine_requested = models.CharField(max_length=12)
    engine_used = models.CharField(max_length=12, blank=True)
    fallback_reason = models.CharField(max_length=300, blank=True)
    fingerprint = models.CharField(max_length=64)
    source_ids = models.JSONField(default=list)  # every source whose passages went in
    n_passages = models.PositiveIntegerField(default=0)
    n_themes = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Candidate themes ({self.engine_used or self.engine_requested}, {self.get_scope_display()})"


class Suggestion(CodedModel):
    """A proposed code, category, perspective or candidate theme, waiting for a person to decide."""

    class Kind(models.TextChoices):
        CODE = "code", gettext_lazy("Code")
        CATEGORY = "category", gettext_lazy("Category")
        PERSPECTIVE = "perspective", gettext_lazy("Perspective")
        CANDIDATE_THEME = "candidate_theme", gettext_lazy("Candidate theme")

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Pending")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        REJECTED = "rejected", gettext_lazy("Rejected")

    program = models.ForeignKey(Program, models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    run = models.ForeignKey(ThemeRun, models.CASCADE, null=True, blank=True, related_name="suggestions")
    # The passage a code, category or perspective is proposed for.
    source = models.ForeignKey(Source, models.CASCADE, null=True, blank=True, related_name="suggestions")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    passage = EncryptedTextField(blank=True)
    # The proposal: a codebook theme for kind=code, else a label (category, perspective, theme name).
    theme = models.ForeignKey(Theme, models.CASCADE, null=True, blank=True, related_name="suggestions")
    value = models.CharField(max_length=MAX_LABEL)
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField(default=0)
    # Quotes the passage's evidence (coded text of the program), so it is encrypted like the passage.
    explanation = EncryptedJSONField(default=dict)
    source_ids = models.JSONField(
        default=list
    )  # sources of the passage and of every quoted piece of evidence
    fingerprint = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # What accepting produced: the coding (kind=code) or the new codebook theme (kind=candidate_theme).
    created_coding = models.ForeignKey(Coding, models.SET_NULL, null=True, blank=True, related_name="+")
    created_theme = models.ForeignKey(Theme, models.SET_NULL, null=True, blank=True, related_name="+")
    # Provenance, kept with the decision: what made the suggestion and the bar it had to clear.
    engine = models.CharField(max_length=20, blank=True)
    model_name = models.CharField(max_length=80, blank=True)
    model_version = models.CharField(max_length=40, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    abstained = models.BooleanField(default=False)  # below the threshold: shown as "no suggestion"

    class Meta:
        ordering = ["source_id", "start", "kind", "rank"]
        indexes = [
            models.Index(fields=["program", "kind", "status"]),
            models.Index(fields=["source", "start", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="candidate_theme", run__isnull=False)
                | (
                    ~models.Q(kind="candidate_theme")
                    & models.Q(
                        source__isnull=False,
                        start__isnull=False,
                        end__isnull=False,
                        end__gt=models.F("start"),
                    )
                ),
                name="suggestion_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="code") | models.Q(theme__isnull=False),
                name="code_suggestion_has_theme",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="suggestion_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Evaluation(CodedModel):
    """Measured quality of the suggestions against the program's human codings at one state of the data."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="insight_evaluations")
    requested_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    fingerprint = models.CharField(max_length=64)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Evaluation of {self.program} ({self.created_at:%Y-%m-%d})"
