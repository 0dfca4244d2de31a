"""Sources, codebook (categories and themes), codings, memos, analysis rounds.

Codings store `start`/`end` as Python str indices (Unicode code points) into `Source.text`, plus the
quoted text, so a coding can always be checked against the text it points into. A source's text never
changes once it exists: every coding depends on its offsets.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.errors import ApplicationError
from balint.core.models import BaseModel, CodedModel
from balint.meetings.models import Meeting
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Cohort, Group, Person, Program

DEFAULT_CATEGORIES = [
    "Balint process",
    "Professional development",
    "Practical patient care",
    "Group process",
    "Structure and logistics",
    "Well-being",
    "Other",
]
MAX_SOURCE_CHARS = 2_000_000  # about 300,000 words

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", gettext_lazy("Give a colour as #rrggbb."))


class Category(CodedModel):
    """A program's category for classifying themes (Balint process, professional development, ...)."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="theme_categories")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="category_name_unique")]

    def __str__(self) -> str:
        return self.name


class Source(CodedModel):
    """A text to analyse: a session note, a survey transcript or an imported document."""

    class Kind(models.TextChoices):
        SESSION_NOTE = "session_note", gettext_lazy("Session note")
        TRANSCRIPT = "survey_transcript", gettext_lazy("Survey transcript")
        DOCUMENT = "document", gettext_lazy("Imported document")

    program = models.ForeignKey(Program, models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=200)
    text = EncryptedTextField(max_length=MAX_SOURCE_CHARS)
    date = models.DateField(
        null=True, blank=True, db_index=True, help_text=gettext_lazy("Session or survey date.")
    )
    group = models.ForeignKey(Group, models.SET_NULL, null=True, blank=True, related_name="sources")
    cohort = models.ForeignKey(Cohort, models.SET_NULL, null=True, blank=True, related_name="sources")
    meeting = models.ForeignKey(Meeting, models.SET_NULL, null=True, blank=True, related_name="sources")
    attributes = models.JSONField(
        default=dict, blank=True, help_text=gettext_lazy('e.g. {"training year": "PGY-2"}')
    )
    # Analysts see only de-identified sources; notes and transcripts are, documents say so on import.
    deidentified = models.BooleanField(default=True)
    # Where the source came from, e.g. "meetings.note:<code>"; one source per origin and program.
    origin = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "origin"], condition=~models.Q(origin=""), name="one_source_per_origin"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Theme(CodedModel):
    """A code of the codebook; `parent` makes the hierarchy. A merged theme stays, inactive, for history."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="themes")
    parent = models.ForeignKey("self", models.RESTRICT, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=120)
    definition = models.TextField(blank=True, max_length=4000)
    inclusion = models.TextField(gettext_lazy("when to use"), blank=True, max_length=4000)
    exclusion = models.TextField(gettext_lazy("when not to use"), blank=True, max_length=4000)
    example = EncryptedTextField("example quote", blank=True, max_length=2000)
    colour = models.CharField(max_length=7, default="#f5c542", validators=[colour_validator])
    category = models.ForeignKey(Category, models.RESTRICT, null=True, blank=True, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], condition=models.Q(active=True), name="active_theme_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Coding(CodedModel):
    """One coder's application of one theme to a span of a source."""

    class Perspective(models.TextChoices):
        UNMARKED = "", gettext_lazy("Not marked")
        RESIDENT = "resident", gettext_lazy("Resident's own experience")
        PATIENT = "patient", gettext_lazy("Patient's experience")
        BOTH = "both", gettext_lazy("Both / other")

    source = models.ForeignKey(Source, models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, models.RESTRICT, related_name="codings")
    coder = models.ForeignKey(Person, models.RESTRICT, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = EncryptedTextField()
    perspective = models.CharField(max_length=12, choices=Perspective.choices, blank=True)

    class Meta:
        ordering = ["source", "start", "end"]
        indexes = [models.Index(fields=["source", "coder"]), models.Index(fields=["theme", "source"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="coding_not_empty"),
            models.UniqueConstraint(
                fields=["source", "theme", "coder", "start", "end"], name="one_coding_per_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} {self.start}-{self.end}"


class CodingDone(BaseModel):
    """A coder marks a source as coded, so units without codes count as "theme absent" in agreement."""

    source = models.ForeignKey(Source, models.CASCADE, related_name="done_marks")
    coder = models.ForeignKey(Person, models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "coder"], name="one_done_mark")]


class Memo(CodedModel):
    """A Markdown memo on a source, a theme, a coding, or (none of them) the whole analysis."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="memos")
    author = models.ForeignKey(Person, models.RESTRICT, related_name="memos")
    title = models.CharField(max_length=200)
    body = EncryptedTextField(max_length=100_000)
    source = models.ForeignKey(Source, models.CASCADE, null=True, blank=True, related_name="memos")
    theme = models.ForeignKey(Theme, models.CASCADE, null=True, blank=True, related_name="memos")
    coding = models.ForeignKey(Coding, models.CASCADE, null=True, blank=True, related_name="memos")

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def target_label(self) -> str:
        if self.coding_id:
            return _("Coding")
        if self.theme_id:
            return _("Theme")
        if self.source_id:
            return _("Source")
        return _("Whole analysis")


class MemoLink(BaseModel):
    """What else a memo is about: another memo, a source, a passage of a source, a theme, a coding or a round.

    A memo keeps its one home (`Memo.source/theme/coding`, where it was written); links add any number of
    further subjects. Links into a source also store the source, so what a reader may see is one look-up.
    """

    class Kind(models.TextChoices):
        MEMO = "memo", gettext_lazy("Memo")
        SOURCE = "source", gettext_lazy("Source")
        PASSAGE = "passage", gettext_lazy("Passage")
        THEME = "theme", gettext_lazy("Theme")
        CODING = "coding", gettext_lazy("Coding")
        ROUND = "round", gettext_lazy("Analysis round")

    memo = models.ForeignKey(Memo, models.CASCADE, related_name="links")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    to_memo = models.ForeignKey(Memo, models.CASCADE, null=True, blank=True, related_name="linked_from")
    source = models.ForeignKey(Source, models.CASCADE, null=True, blank=True, related_name="memo_links")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = EncryptedTextField(blank=True)  # a passage's text, as codings keep theirs
    theme = models.ForeignKey(Theme, models.CASCADE, null=True, blank=True, related_name="memo_links")
    coding = models.ForeignKey(Coding, models.CASCADE, null=True, blank=True, related_name="memo_links")
    analysis_round = models.ForeignKey(
        "AnalysisRound", models.CASCADE, null=True, blank=True, related_name="memo_links"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="memo_link_one_target",
                condition=(
                    models.Q(
                        kind="memo",
                        to_memo__isnull=False,
                        source__isnull=True,
                        theme__isnull=True,
                        coding__isnull=True,
                        analysis_round__isnull=True,
                    )
                    | models.Q(
                        kind="source",
                        to_memo__isnull=True,
                        source__isnull=False,
                        start__isnull=True,
                        theme__isnull=True,
                        coding__isnull=True,
                        analysis_round__isnull=True,
                    )
                    | models.Q(
                        kind="passage",
                        to_memo__isnull=True,
                        source__isnull=False,
                        start__isnull=False,
                        end__gt=models.F("start"),
                        theme__isnull=True,
                        coding__isnull=True,
                        analysis_round__isnull=True,
                    )
                    | models.Q(
                        kind="theme",
                        to_memo__isnull=True,
                        source__isnull=True,
                        theme__isnull=False,
                        coding__isnull=True,
                        analysis_round__isnull=True,
                    )
                    | models.Q(
                        kind="coding",
                        to_memo__isnull=True,
                        source__isnull=False,
                        theme__isnull=True,
                        coding__isnull=False,
                        analysis_round__isnull=True,
                    )
                    | models.Q(
                        kind="round",
                        to_memo__isnull=True,
                        source__isnull=True,
                        theme__isnull=True,
                        coding__isnull=True,
                        analysis_round__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="memo_link_not_itself", condition=~models.Q(to_memo=models.F("memo"))
            ),
            models.UniqueConstraint(
                fields=["memo", "to_memo"], condition=models.Q(kind="memo"), name="one_memo_link_per_memo"
            ),
            models.UniqueConstraint(
                fields=["memo", "source"], condition=models.Q(kind="source"), name="one_memo_link_per_source"
            ),
            models.UniqueConstraint(
                fields=["memo", "source", "start", "end"],
                condition=models.Q(kind="passage"),
                name="one_memo_link_per_passage",
            ),
            models.UniqueConstraint(
                fields=["memo", "theme"], condition=models.Q(kind="theme"), name="one_memo_link_per_theme"
            ),
            models.UniqueConstraint(
                fields=["memo", "coding"], condition=models.Q(kind="coding"), name="one_memo_link_per_coding"
            ),
            models.UniqueConstraint(
                fields=["memo", "analysis_round"],
                condition=models.Q(kind="round"),
                name="one_memo_link_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.memo} → {self.get_kind_display()}"


class AnalysisRound(CodedModel):
    """One immersion–crystallization cycle; closing it freezes `snapshot`, which never changes after."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="analysis_rounds")
    number = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reflection = EncryptedTextField(blank=True, max_length=100_000, help_text=gettext_lazy("Markdown."))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="round_number_unique"),
            models.UniqueConstraint(
                fields=["program"], condition=models.Q(closed_at__isnull=True), name="one_open_round"
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self) -> None:
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A round cannot end before it starts.")})

    def save(self, *args, **kwargs) -> None:
        # A closed round is frozen: whatever path tries to save it again is refused.
        if self.pk and AnalysisRound.objects.filter(pk=self.pk, closed_at__isnull=False).exists():
            raise ApplicationError(_("This round is closed; its snapshot and memo can no longer change."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_closed:
            raise ApplicationError(_("A closed round cannot be deleted."))
        return super().delete(*args, **kwargs)


class CodingStep(BaseModel):
    """One coding action of a person in a program: the analysis log's entry and the unit of undo and redo.

    `changes` says what the step did with coding snapshots (code, source and theme ids, offsets,
    perspective, creation time; never the quoted text): codings "created", codings "removed", and codings
    "remarked" with the perspective "before" and "after". Undo plays it backwards, redo forwards, and
    only ever on the person's own codings.
    """

    class Kind(models.TextChoices):
        APPLY = "apply", gettext_lazy("Apply")
        REMOVE = "remove", gettext_lazy("Remove")
        REMARK = "remark", gettext_lazy("Re-mark")
        AUTOCODE = "autocode", gettext_lazy("Auto-code")

    class State(models.TextChoices):
        DONE = "done", gettext_lazy("Done")
        UNDONE = "undone", gettext_lazy("Undone")
        DROPPED = "dropped", gettext_lazy("Undone, then replaced by a new action")

    program = models.ForeignKey(Program, models.CASCADE, related_name="coding_steps")
    person = models.ForeignKey(Person, models.CASCADE, related_name="coding_steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DONE)
    label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["program", "person", "state"], name="coding_step_person_state")]

    def __str__(self) -> str:
        return self.label


class Attribute(CodedModel):
    """An attribute the program defines for its sources and cases; values live in their `attributes`, by name.

    Built-in attributes (source kind, date, group, cohort, training year, site) are read from the program's
    own data and are not stored here (see coding/attributes.py).
    """

    class Type(models.TextChoices):
        TEXT = "text", gettext_lazy("Text")
        NUMBER = "number", gettext_lazy("Number")
        DATE = "date", gettext_lazy("Date")
        CHOICE = "choice", gettext_lazy("Choice")

    program = models.ForeignKey(Program, models.CASCADE, related_name="attributes")
    name = models.CharField(max_length=60)
    type = models.CharField(max_length=8, choices=Type.choices, default=Type.TEXT)
    choices = models.JSONField(
        default=list, blank=True, help_text=gettext_lazy("The values a choice attribute offers.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="attribute_name_unique")]

    def __str__(self) -> str:
        return self.name


class Case(CodedModel):
    """A case behind passages of sources: an anonymous survey respondent, the resident who presented in
    session notes, in one training year, or one imported from another tool.

    A respondent case holds no link to a person, a response or an answer: only `origin`, a keyed hash that
    lets a second "send to analysis" find it again and that cannot be reversed to the response. A resident
    case is named by the resident's pseudonym and holds no link to the person either: its origin is a keyed
    hash of the person and the training year (coding/services/note_cases.py).
    """

    class Kind(models.TextChoices):
        RESPONDENT = "respondent", gettext_lazy("Survey respondent")
        RESIDENT = "resident", gettext_lazy("Presenting resident")
        OTHER = "other", gettext_lazy("Case")

    program = models.ForeignKey(Program, models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(max_length=200)
    group = models.ForeignKey(Group, models.SET_NULL, null=True, blank=True, related_name="+")
    date = models.DateField(null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "origin"], condition=~models.Q(origin=""), name="one_case_per_origin"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_resident(self) -> bool:
        """Respondents and presenting residents are residents: figures about few of them are suppressed."""
        return self.kind in (self.Kind.RESPONDENT, self.Kind.RESIDENT)


class CaseSpan(BaseModel):
    """A stretch of a source that belongs to a case, e.g. one respondent's answer in a question's source."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="spans")
    source = models.ForeignKey(Source, models.CASCADE, related_name="case_spans")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="case_span_not_empty"),
            models.UniqueConstraint(fields=["case", "source", "start"], name="one_case_span"),
        ]
