"""A group's sessions (named meetings in code, apart from Django's own sessions), attendance and notes."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.templatetags.tz import do_timezone
from django.utils import dates
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from balint.core.models import BaseModel, CodedModel
from balint.privacy.fields import EncryptedTextField
from balint.programs.models import Group, GroupPolicy, Person

DEFAULT_PHASES = [
    {"name": "Case presentation", "minutes": 10},
    {"name": "Questions to the presenter", "minutes": 10},
    {"name": "Group discussion (presenter sits back)", "minutes": 25},
    {"name": "Presenter returns", "minutes": 10},
    {"name": "Closing", "minutes": 5},
]


# The weeks of a monthly schedule, as its description names them ("1st, 2nd and 4th Tuesday...").
WEEK_ORDINALS = {
    1: pgettext_lazy("week of the month", "1st"),
    2: pgettext_lazy("week of the month", "2nd"),
    3: pgettext_lazy("week of the month", "3rd"),
    4: pgettext_lazy("week of the month", "4th"),
    5: pgettext_lazy("week of the month", "5th"),
}


def validate_weeks_of_month(value: str) -> None:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or any(part not in {"1", "2", "3", "4", "5"} for part in parts):
        raise ValidationError(
            _("Weeks of the month are numbers from 1 to 5 separated by commas, e.g. 1,2,4.")
        )


class Schedule(CodedModel):
    """A group's recurring meeting pattern; it generates sessions, which leaders may then move or cancel."""

    class Repeat(models.TextChoices):
        WEEKLY = "weekly", gettext_lazy("Every week (or every few weeks)")
        MONTHLY = "monthly", gettext_lazy("On given weeks of each month")

    WEEKDAYS = [
        (0, "Monday"),
        (1, "Tuesday"),
        (2, "Wednesday"),
        (3, "Thursday"),
        (4, "Friday"),
        (5, "Saturday"),
        (6, "Sunday"),
    ]

    group = models.ForeignKey(Group, models.CASCADE, related_name="schedules")
    repeat = models.CharField(max_length=16, choices=Repeat.choices, default=Repeat.MONTHLY)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS, validators=[MaxValueValidator(6)])
    weeks_of_month = models.CharField(
        max_length=20, blank=True, help_text=gettext_lazy("For monthly: e.g. 1,2,4.")
    )
    every_weeks = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=gettext_lazy("For weekly: every n weeks."),
    )
    start_time = models.TimeField(help_text=gettext_lazy("Local time in the program's time zone."))
    minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["group", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="schedule_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.describe()}"

    def clean(self) -> None:
        if self.repeat == self.Repeat.MONTHLY:
            validate_weeks_of_month(self.weeks_of_month)
        if self.starts_on and self.ends_on and (self.ends_on - self.starts_on).days > 2 * 366:
            raise ValidationError(
                {"ends_on": _("A schedule covers at most two years; add another one later.")}
            )

    @property
    def weeks(self) -> list[int]:
        return sorted({int(part) for part in self.weeks_of_month.split(",") if part.strip()})

    def describe(self) -> str:
        """One sentence in the reader's language, e.g. "1st, 2nd and 4th Tuesday of the month at 12:30..."."""
        values = {
            "weekday": dates.WEEKDAYS[self.weekday],  # Django's translated day names
            "time": self.start_time.strftime("%H:%M"),
            "duration": ngettext("%(minutes)s minute", "%(minutes)s minutes", self.minutes)
            % {"minutes": self.minutes},
        }
        if self.repeat == self.Repeat.MONTHLY:
            ordinals = [str(WEEK_ORDINALS[w]) for w in self.weeks]
            values["weeks"] = get_text_list(ordinals, pgettext("the last of a list of items", "and"))
            return _("%(weeks)s %(weekday)s of the month at %(time)s for %(duration)s") % values
        if self.every_weeks == 1:
            return _("Every %(weekday)s at %(time)s for %(duration)s") % values
        return ngettext(
            "Every %(count)s week on a %(weekday)s at %(time)s for %(duration)s",
            "Every %(count)s weeks on a %(weekday)s at %(time)s for %(duration)s",
            self.every_weeks,
        ) % (values | {"count": self.every_weeks})


class Meeting(CodedModel):
    """One session of a group, with its focus and presenter."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        HELD = "held", gettext_lazy("Held")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    class Focus(models.TextChoices):
        BALINT_CASE = "balint_case", gettext_lazy("Case discussion (Balint format)")
        CASE_PROBLEM_SOLVING = "case_problem_solving", gettext_lazy("Case discussion with problem solving")
        TOPIC = "topic", gettext_lazy("Professional-development topic")

    group = models.ForeignKey(Group, models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    focus = models.CharField(max_length=32, choices=Focus.choices, blank=True)
    focus_title = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Topic title or the case in one line.")
    )
    presenter = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="presented")
    case_summary = EncryptedTextField(blank=True, max_length=4000, help_text=gettext_lazy("De-identified."))
    schedule = models.ForeignKey(Schedule, models.SET_NULL, null=True, blank=True, related_name="meetings")
    moved_from = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("The original start of a moved session.")
    )
    poll_closes_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("Deadline for focus proposals and votes.")
    )
    focus_confirmed_at = models.DateTimeField(null=True, blank=True)
    live_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    live_phase_started_at = models.DateTimeField(null=True, blank=True)

    # Proposals and votes close this long before the session unless the leaders set another deadline.
    POLL_LEAD = datetime.timedelta(days=2)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} — {self.starts_at:%Y-%m-%d}"

    @property
    def local_start(self) -> datetime.datetime:
        """The start in the program's time zone, shown as such by templates (not re-converted)."""
        return do_timezone(self.starts_at, self.group.program.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return do_timezone(self.ends_at, self.group.program.zone)

    @property
    def problem_solving_allowed(self) -> bool:
        """Problem solving follows the focus: allowed in a problem-solving case or a topic session."""
        return self.focus in {self.Focus.CASE_PROBLEM_SOLVING, self.Focus.TOPIC}

    @property
    def poll_deadline(self) -> datetime.datetime:
        return self.poll_closes_at or self.starts_at - self.POLL_LEAD

    @property
    def local_poll_deadline(self) -> datetime.datetime:
        return do_timezone(self.poll_deadline, self.group.program.zone)

    @property
    def local_moved_from(self) -> datetime.datetime | None:
        return do_timezone(self.moved_from, self.group.program.zone) if self.moved_from else None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Proposal(CodedModel):
    """A resident's proposal for a session's focus: a case in one line or a professional-development topic."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="proposals")
    author = models.ForeignKey(Person, models.PROTECT, related_name="proposals")
    focus = models.CharField(max_length=32, choices=Meeting.Focus.choices)
    title = models.CharField(
        max_length=160, help_text=gettext_lazy("One line, without patient names or identifiers.")
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_focus_display()}: {self.title}"


class Vote(BaseModel):
    """One resident's single vote in one session's poll; voting again moves the vote."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, models.PROTECT, related_name="focus_votes")
    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="votes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_vote_per_resident")]

    def __str__(self) -> str:
        return f"{self.person} for {self.proposal}"


# The one definition of the attendance rate, used by the group page, the attendance history, the own
# attendance line and the reports' dashboard; pages show this sentence beside the figure.
ATTENDANCE_RATE_DEFINITION = gettext_lazy(
    "Share of attendance marks at sessions held in which the resident took part: on time, or late where "
    "the group's rule let latecomers in (late and turned away counts as missed)."
)


def took_part(status: str, latecomer_rule: str) -> bool:
    """Present in the room: on time, or late where the rule of the day let latecomers in."""
    if status == "on_time":
        return True
    return status == "late" and latecomer_rule != GroupPolicy.Latecomers.EXCLUDED


def took_part_q(prefix: str = "") -> models.Q:
    """`took_part` as a database filter; `prefix` reaches the marks from elsewhere ("attendances__")."""
    return models.Q(**{f"{prefix}status": "on_time"}) | (
        models.Q(**{f"{prefix}status": "late"})
        & ~models.Q(**{f"{prefix}latecomer_rule": GroupPolicy.Latecomers.EXCLUDED})
    )


class Attendance(BaseModel):
    """One member's attendance at one session, with the latecomer rule in force that day."""

    class Status(models.TextChoices):
        ON_TIME = "on_time", gettext_lazy("On time")
        LATE = "late", gettext_lazy("Late")
        ABSENT = "absent", gettext_lazy("Absent")

    class Reason(models.TextChoices):
        NONE = "", gettext_lazy("—")
        CLINIC_LATE = "clinic_late", gettext_lazy("Clinic ran late")
        ON_SERVICE = "on_service", gettext_lazy("On service")
        POST_CALL = "post_call", gettext_lazy("Post-call")
        LEAVE = "leave", gettext_lazy("Leave")
        OTHER = "other", gettext_lazy("Other")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    latecomer_rule = models.CharField(max_length=16, choices=GroupPolicy.Latecomers.choices, blank=True)

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def label(self) -> str:
        """The mark as the latecomer rule makes it: a late arrival listens, joins or is turned away."""
        if self.status != self.Status.LATE:
            return self.get_status_display()
        return {
            GroupPolicy.Latecomers.EXCLUDED: "Late, not admitted",
            GroupPolicy.Latecomers.LISTEN_ONLY: "Late, listening",
            GroupPolicy.Latecomers.FULL: "Late, joined in",
        }.get(self.latecomer_rule, "Late")

    @property
    def took_part(self) -> bool:
        """Present in the room: on time, or late where the rule let latecomers in."""
        return took_part(self.status, self.latecomer_rule)


class Tag(BaseModel):
    """A free theme label leaders put on session notes; later mapped to codebook themes."""

    program = models.ForeignKey("programs.Program", models.CASCADE, related_name="note_tags")
    label = models.CharField(max_length=60)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(Lower("label"), "program", name="one_tag_label_per_program")]

    def __str__(self) -> str:
        return self.label


class MeetingNote(BaseModel):
    """The leaders' content and process notes for one session; `version` detects conflicting edits.

    `content` and `process` only ever hold text that went through the screening step (a save by hand); an
    autosave writes the writer's own `NoteDraft` instead, which only that writer's form shows, and clears
    `screened` until every draft is saved by hand. Everything that leaves the form (analysis, search, the
    API, reports, exports, and a co-leader's form) reads `content` / `process`, the last screened version.
    """

    meeting = models.OneToOneField(Meeting, models.CASCADE, related_name="note")
    content = EncryptedTextField(blank=True, max_length=50000, help_text=gettext_lazy("What was discussed."))
    process = EncryptedTextField(
        blank=True, max_length=50000, help_text=gettext_lazy("How the group worked.")
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    tags = models.ManyToManyField(Tag, related_name="notes", blank=True)
    screened = models.BooleanField(
        default=True,
        help_text=gettext_lazy("False while an autosaved draft waits to be screened by a save by hand."),
    )

    def __str__(self) -> str:
        return f"Notes for {self.meeting}"


class NoteDraft(BaseModel):
    """One leader's autosaved, unscreened draft of a session's notes: only its writer's form shows its text.

    `base_version` is the note's version the writer started from, so a save by hand from the draft over a
    newer note is kept as a conflicting version, never written over it. A save by hand removes it.
    """

    note = models.ForeignKey(MeetingNote, models.CASCADE, related_name="drafts")
    author = models.ForeignKey(Person, models.CASCADE, related_name="+")
    base_version = models.PositiveIntegerField()
    content = EncryptedTextField(blank=True, max_length=50000)
    process = EncryptedTextField(blank=True, max_length=50000)
    tags = EncryptedTextField(blank=True, max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "author"], name="one_note_draft_per_writer")]

    def __str__(self) -> str:
        return f"Draft of {self.note} by {self.author}"


class NoteConflict(CodedModel):
    """A leader's edit written over an older version of the note: kept whole until a leader merges it."""

    note = models.ForeignKey(MeetingNote, models.CASCADE, related_name="conflicts")
    author = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+")
    base_version = models.PositiveIntegerField()
    content = EncryptedTextField(blank=True, max_length=50000)
    process = EncryptedTextField(blank=True, max_length=50000)
    tags = models.CharField(max_length=1000, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    form_token = models.CharField(
        max_length=64,
        blank=True,
        help_text=gettext_lazy("The open form it came from: only that form's autosaves merge."),
    )
    screened = models.BooleanField(
        default=True, help_text=gettext_lazy("False while it holds an autosave (not screened).")
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Conflicting edit of {self.note} by {self.author}"


class PhasePlan(BaseModel):
    """The phases of a group's session for the live timer, in order, with their minutes."""

    group = models.OneToOneField(Group, models.CASCADE, related_name="phase_plan")
    phases = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Phases of {self.group}"

    def clean(self) -> None:
        if not isinstance(self.phases, list) or not 1 <= len(self.phases) <= 12:
            raise ValidationError({"phases": _("Give between 1 and 12 phases.")})
        for phase in self.phases:
            name, minutes = phase.get("name"), phase.get("minutes")
            if not isinstance(name, str) or not 0 < len(name) <= 80:
                raise ValidationError({"phases": _("Each phase needs a name of at most 80 characters.")})
            if not isinstance(minutes, int) or not 1 <= minutes <= 240:
                raise ValidationError(
                    {"phases": _("“{name}”: minutes must be between 1 and 240.").format(name=name)}
                )


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(BaseModel):
    """A person's private calendar feed; the secret token is the only key, and revoking it ends the feed."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_feed_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"
