"""A group's sessions (named meetings in code, apart from Django's own sessions), attendance and notes."""

from django.db import models

from balint.core.models import BaseModel, CodedModel
from balint.programs.models import Group, GroupPolicy, Person


class Meeting(CodedModel):
    """One session of a group, with its focus and presenter."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Focus(models.TextChoices):
        BALINT_CASE = "balint_case", "Case discussion (Balint format)"
        CASE_PROBLEM_SOLVING = "case_problem_solving", "Case discussion with problem solving"
        TOPIC = "topic", "Professional-development topic"

    group = models.ForeignKey(Group, models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    focus = models.CharField(max_length=32, choices=Focus.choices, blank=True)
    focus_title = models.CharField(max_length=200, blank=True, help_text="Topic title or the case in one line.")
    presenter = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="presented")
    case_summary = models.TextField(blank=True, max_length=4000, help_text="De-identified.")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.group} — {self.starts_at:%Y-%m-%d}"

    @property
    def local_start(self):  # noqa: ANN201
        return self.starts_at.astimezone(self.group.program.zone)

    @property
    def local_end(self):  # noqa: ANN201
        return self.ends_at.astimezone(self.group.program.zone)

    @property
    def problem_solving_allowed(self) -> bool:
        """Problem solving follows the focus: allowed in a problem-solving case or a topic session."""
        return self.focus in {self.Focus.CASE_PROBLEM_SOLVING, self.Focus.TOPIC}


class Attendance(BaseModel):
    """One member's attendance at one session, with the latecomer rule in force that day."""

    class Status(models.TextChoices):
        ON_TIME = "on_time", "On time"
        LATE = "late", "Late"
        ABSENT = "absent", "Absent"

    class Reason(models.TextChoices):
        NONE = "", "—"
        CLINIC_LATE = "clinic_late", "Clinic ran late"
        ON_SERVICE = "on_service", "On service"
        POST_CALL = "post_call", "Post-call"
        LEAVE = "leave", "Leave"
        OTHER = "other", "Other"

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


class MeetingNote(BaseModel):
    """The leaders' content and process notes for one session; `version` detects conflicting edits."""

    meeting = models.OneToOneField(Meeting, models.CASCADE, related_name="note")
    content = models.TextField(blank=True, max_length=50000, help_text="What was discussed.")
    process = models.TextField(blank=True, max_length=50000, help_text="How the group worked.")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Notes for {self.meeting}"
