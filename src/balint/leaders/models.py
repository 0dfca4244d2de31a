"""Leader development: what a leader adds to their log, certification paths as data, and followed paths.

Sessions led are not stored here: they are read from held sessions of the groups a person leads
(`selectors.sessions_led`), so the log follows every change to the sessions.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel, CodedModel
from balint.meetings.models import Meeting
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Group, Person, Program

HOURS = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.25"))]}


class TrainingEvent(CodedModel):
    """A training event the leader attended: an intensive, a workshop, a conference."""

    class Kind(models.TextChoices):
        INTENSIVE = "intensive", gettext_lazy("Leadership intensive")
        WORKSHOP = "workshop", gettext_lazy("Workshop")
        CONFERENCE = "conference", gettext_lazy("Conference")
        OTHER = "other", gettext_lazy("Other training")

    leader = models.ForeignKey(Person, models.CASCADE, related_name="training_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    organizer = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text=gettext_lazy("Leave empty for a one-day event.")
    )
    hours = models.DecimalField(
        **HOURS, help_text=gettext_lazy("Contact hours, e.g. 24 for a four-day intensive.")
    )
    note = EncryptedTextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on})"

    @property
    def day(self):
        """The day that counts for windows: the last day, when the event is over."""
        return self.ends_on or self.starts_on


class SupervisionSession(CodedModel):
    """A session in which a supervisor reviewed the leader's work with a group."""

    leader = models.ForeignKey(Person, models.CASCADE, related_name="supervision_sessions")
    held_on = models.DateField()
    supervisor = models.CharField(max_length=200)
    group = models.ForeignKey(
        Group,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy("The group discussed."),
    )
    group_elsewhere = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Or the name of a group outside this workspace.")
    )
    hours = models.DecimalField(**HOURS)
    recorded = models.BooleanField(
        default=False, help_text=gettext_lazy("A recording of the group was reviewed.")
    )
    note = EncryptedTextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Supervision with {self.supervisor} on {self.held_on}"

    @property
    def group_label(self) -> str:
        return self.group.name if self.group else self.group_elsewhere


class SessionElsewhere(CodedModel):
    """A session the leader led outside this workspace (another program, before joining), entered by hand."""

    leader = models.ForeignKey(Person, models.CASCADE, related_name="sessions_elsewhere")
    held_on = models.DateField()
    setting = models.CharField(
        max_length=200, help_text=gettext_lazy("The group or institution, e.g. 'Northside clinic group'.")
    )
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(15), MaxValueValidator(600)])
    co_leader = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name_plural = "sessions led elsewhere"

    def __str__(self) -> str:
        return f"{self.setting} on {self.held_on}"


class Debrief(CodedModel):
    """A leader's short private reflection after a session; only its author ever reads it."""

    author = models.ForeignKey(Person, models.CASCADE, related_name="debriefs")
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="debriefs")
    with_co_leader = models.BooleanField(
        default=True, help_text=gettext_lazy("We talked the session over together.")
    )
    reflection = EncryptedTextField(max_length=4000)

    class Meta:
        ordering = ["-meeting__starts_at"]
        constraints = [models.UniqueConstraint(fields=["author", "meeting"], name="one_debrief_per_leader")]

    def __str__(self) -> str:
        return f"Debrief of {self.meeting}"


class CertificationPath(CodedModel):
    """A society's or an institution's requirements for certifying a leader, as a list of requirements.

    A ready-made path (no program) comes from a JSON fixture under `leaders/fixtures/paths/` and
    carries its `key`; a program's own path is defined through a page by its admins or leaders.
    """

    key = models.SlugField(max_length=60, unique=True, null=True, blank=True, editable=False)
    program = models.ForeignKey(
        Program, models.CASCADE, null=True, blank=True, related_name="certification_paths"
    )
    name = models.CharField(max_length=200)
    body = models.CharField(
        max_length=200, help_text=gettext_lazy("The society or institution that certifies.")
    )
    description = models.TextField(blank=True, max_length=4000)
    source_url = models.URLField(blank=True, max_length=500)
    created_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="path_name_unique_in_program"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ready_made(self) -> bool:
        return self.program_id is None


class Requirement(BaseModel):
    """One requirement of a path, evaluated against a leader's log by `leaders.progress`."""

    class Kind(models.TextChoices):
        SESSIONS_COUNT = "sessions_count", gettext_lazy("Sessions led or co-led (count)")
        SESSIONS_HOURS = "sessions_hours", gettext_lazy("Hours of sessions led or co-led")
        REGULAR_MONTHS = "regular_months", gettext_lazy("Months with sessions led (at least N per month)")
        SPAN_MONTHS = "span_months", gettext_lazy("Span from first to last session led (months)")
        TRAINING_COUNT = "training_count", gettext_lazy("Training events (count)")
        TRAINING_HOURS = "training_hours", gettext_lazy("Hours of training")
        SUPERVISION_COUNT = "supervision_count", gettext_lazy("Supervision sessions (count)")
        SUPERVISION_HOURS = "supervision_hours", gettext_lazy("Hours of supervision")
        DEBRIEF_PERCENT = "debrief_percent", gettext_lazy("Sessions followed by a debrief (percent)")
        ATTESTATION = "attestation", gettext_lazy("Condition the leader confirms (e.g. membership)")

    path = models.ForeignKey(CertificationPath, models.CASCADE, related_name="requirements")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    label = models.CharField(max_length=300, help_text=gettext_lazy("The requirement in a sentence."))
    minimum = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=gettext_lazy("Count, hours, months or percent; ignored for a confirmed condition."),
    )
    training_kind = models.CharField(
        max_length=16,
        choices=TrainingEvent.Kind.choices,
        blank=True,
        help_text=gettext_lazy("Only this kind of training."),
    )
    per_month = models.PositiveSmallIntegerField(
        default=1, help_text=gettext_lazy("Sessions needed for a month to count.")
    )
    within_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Only entries within this many months from the leader's start date."),
    )
    counts_before_start = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Entries before the leader's start date count too (e.g. a prerequisite)."),
    )
    required = models.BooleanField(
        default=True, help_text=gettext_lazy("Untick for a recommendation that does not block.")
    )

    class Meta:
        ordering = ["path", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="debrief_percent") | models.Q(minimum__lte=100),
                name="debrief_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class FollowedPath(CodedModel):
    """A leader following a path from a start date; the summary is shown to program admins only if shared."""

    leader = models.ForeignKey(Person, models.CASCADE, related_name="followed_paths")
    path = models.ForeignKey(CertificationPath, models.CASCADE, related_name="followers")
    started_on = models.DateField(
        help_text=gettext_lazy("Entries before this day do not count, unless a requirement says so.")
    )
    target_on = models.DateField(
        null=True, blank=True, help_text=gettext_lazy("When you hope to apply (optional).")
    )
    shared = models.BooleanField(
        default=False, help_text=gettext_lazy("Program admins may see this summary.")
    )
    confirmed = models.ManyToManyField(Requirement, blank=True, related_name="+")

    class Meta:
        ordering = ["path__name"]
        constraints = [models.UniqueConstraint(fields=["leader", "path"], name="follow_a_path_once")]

    def __str__(self) -> str:
        return f"{self.leader} on {self.path}"
