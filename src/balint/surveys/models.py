"""Instruments, surveys, invitations, anonymous answers and their transcripts.

The anonymity rules live in the shape of these tables: `Response`, `Answer` and `Transcript` do not
inherit BaseModel (no created_at / updated_at), have random UUID keys, and hold no reference to a
person, a login, an invitation, an address or a time. Their text is encrypted at rest with timeless
tokens (a Fernet token otherwise carries the second it was made, readable without the key).
`Invitation` records who has answered and nothing of what they answered.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from balint.core.models import CodedModel
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Group, Person, Program

MIN_THRESHOLD = 3  # results are never shown with fewer answers than this
DEFAULT_THRESHOLD = 5
TEXT_MAX = 10_000  # one open answer or transcript, in characters

# Lazy: a ready-made instrument copies them in its program's language (services.instrument_create_ready_made).
LIKERT_LABELS = {
    5: [
        gettext_lazy("Strongly disagree"),
        gettext_lazy("Disagree"),
        gettext_lazy("Neither agree nor disagree"),
        gettext_lazy("Agree"),
        gettext_lazy("Strongly agree"),
    ],
    7: [
        gettext_lazy("Strongly disagree"),
        gettext_lazy("Disagree"),
        gettext_lazy("Somewhat disagree"),
        gettext_lazy("Neither agree nor disagree"),
        gettext_lazy("Somewhat agree"),
        gettext_lazy("Agree"),
        gettext_lazy("Strongly agree"),
    ],
}


class Instrument(CodedModel):
    """A questionnaire; editing one that already has answers makes a new version, and answers keep theirs."""

    class Kind(models.TextChoices):
        NEEDS_ASSESSMENT = "needs_assessment", gettext_lazy("Needs assessment")
        END_OF_PROGRAM = "end_of_program", gettext_lazy("End-of-program feedback")
        PULSE = "pulse", gettext_lazy("After-session pulse")
        CUSTOM = "custom", gettext_lazy("Own questionnaire")

    program = models.ForeignKey(Program, models.CASCADE, related_name="instruments")
    family = models.UUIDField(
        default=uuid.uuid4, help_text=gettext_lazy("Shared by every version of one instrument.")
    )
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="instrument_version_unique"),
            models.UniqueConstraint(
                fields=["family"], condition=models.Q(is_current=True), name="one_current_instrument_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Question(CodedModel):
    """One question of one instrument version; Likert and choice questions carry their labels in `choices`."""

    class Kind(models.TextChoices):
        OPEN = "open", gettext_lazy("Open-ended")
        LIKERT = "likert", gettext_lazy("Likert scale")
        SINGLE = "single", gettext_lazy("Single choice")
        MULTIPLE = "multiple", gettext_lazy("Multiple choice")

    instrument = models.ForeignKey(Instrument, models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        labels = self.choices if isinstance(self.choices, list) else None
        if labels is None or not all(isinstance(label, str) and label.strip() for label in labels):
            raise ValidationError({"choices": gettext_lazy("Choices are a list of non-empty labels.")})
        if len({label.strip().lower() for label in labels}) != len(labels):
            raise ValidationError({"choices": gettext_lazy("Each choice appears once.")})
        if any(len(label) > 200 for label in labels):
            raise ValidationError({"choices": gettext_lazy("A choice is at most 200 characters.")})
        if self.kind == self.Kind.OPEN and labels:
            raise ValidationError({"choices": gettext_lazy("An open-ended question has no choices.")})
        if self.kind == self.Kind.LIKERT and len(labels) not in LIKERT_LABELS:
            raise ValidationError({"choices": gettext_lazy("A Likert question has 5 or 7 labelled points.")})
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE) and not 2 <= len(labels) <= 20:
            raise ValidationError(
                {"choices": gettext_lazy("A choice question has between 2 and 20 choices.")}
            )

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.OPEN


class Survey(CodedModel):
    """One instrument version put to one group between two moments, with its own answer threshold."""

    group = models.ForeignKey(Group, models.CASCADE, related_name="surveys")
    instrument = models.ForeignKey(Instrument, models.RESTRICT, related_name="surveys")
    title = models.CharField(max_length=160)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    min_answers = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(500)],
        help_text=format_lazy(
            gettext_lazy("Results stay hidden until this many residents have answered (at least {minimum})."),
            minimum=MIN_THRESHOLD,
        ),
    )
    opened_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    reminders_sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after"
            ),
            models.CheckConstraint(
                condition=models.Q(min_answers__gte=MIN_THRESHOLD), name="survey_threshold_min"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": gettext_lazy("The survey must close after it opens.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "scheduled"
        return "open" if now < self.closes_at else "closed"


class Invitation(models.Model):
    """Who was invited and whether they have answered; never what they answered, and no time at all."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, models.CASCADE, related_name="survey_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="one_invitation_per_person")]

    def __str__(self) -> str:
        return f"Invitation to {self.survey}"


class Response(models.Model):
    """One anonymous set of answers: a random key, the survey, and nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="responses")

    class Meta:
        ordering = ["id"]  # random keys: listing order says nothing about submission order

    def __str__(self) -> str:
        return "Anonymous response"


class Answer(models.Model):
    """One answer to one question; open text is read only by the transcriber."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.RESTRICT, related_name="answers")
    text = EncryptedTextField(blank=True, max_length=TEXT_MAX, timeless=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)  # 1..points for Likert
    options = models.JSONField(default=list, blank=True)  # chosen choice indices

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return "Anonymous answer"


class Transcript(models.Model):
    """A de-identified version of an open answer; leaders and analysts see it once approved."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.OneToOneField(Answer, models.CASCADE, related_name="transcript")
    text = EncryptedTextField(max_length=TEXT_MAX, timeless=True)
    approved = models.BooleanField(default=False)
    transcriber = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Transcript"


from balint.surveys.scales.models import ScoredInstrument, ScoreRow, ScoreSet  # noqa: E402, F401
