"""Programs, cohorts, people, memberships with roles, groups and their policies."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from balint.core.models import BaseModel, CodedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone such as America/New_York.")


class Program(CodedModel):
    """A residency program: everything else belongs to exactly one program."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    institution = models.CharField(max_length=200)
    specialty = models.CharField(max_length=120, default="Family medicine")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Cohort(CodedModel):
    """Residents who entered together, e.g. the class graduating in 2027."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    entry_year = models.PositiveIntegerField(help_text="Academic year the cohort started PGY-1, e.g. 2024.")

    class Meta:
        ordering = ["-entry_year"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="cohort_name_unique")]

    def __str__(self) -> str:
        return self.name

    def training_year(self, on: datetime.date | None = None) -> int:
        """PGY number on a date; academic years start on 1 July."""
        on = on or timezone.localdate()
        academic_year = on.year if on.month >= 7 else on.year - 1
        return academic_year - self.entry_year + 1

    def training_label(self, on: datetime.date | None = None) -> str:
        return f"PGY-{self.training_year(on)}"


class Person(CodedModel):
    """A person with a login; may belong to several programs through memberships."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="person")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name


class Role(models.TextChoices):
    ADMIN = "admin", "Program administrator"
    LEADER = "leader", "Leader"
    RESIDENT = "resident", "Resident"
    TRANSCRIBER = "transcriber", "Transcriber"
    ANALYST = "analyst", "Analyst"


class Membership(BaseModel):
    """A person's role in a program; one row per role held."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    cohort = models.ForeignKey(Cohort, models.SET_NULL, null=True, blank=True, related_name="memberships")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person", "role"], name="one_role_per_person"),
            models.CheckConstraint(
                condition=models.Q(cohort__isnull=True) | models.Q(role="resident"),
                name="only_residents_have_cohorts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} in {self.program}"


class Group(CodedModel):
    """A Balint group in a program, with co-leaders and resident members."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="groups")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    leaders = models.ManyToManyField(Person, related_name="led_groups", blank=True)
    members = models.ManyToManyField(Person, related_name="member_groups", blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(default=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="group_name_unique")]

    def __str__(self) -> str:
        return self.name

    def has_member(self, person: Person) -> bool:
        return self.members.filter(pk=person.pk).exists()

    def has_leader(self, person: Person) -> bool:
        return self.leaders.filter(pk=person.pk).exists()

    def policy_on(self, on: datetime.date | None = None) -> "GroupPolicy | None":
        """The policy in force on a date (the latest that started on or before it)."""
        on = on or timezone.localdate()
        policies = sorted(self.policies.all(), key=lambda p: p.effective_from, reverse=True)
        return next((p for p in policies if p.effective_from <= on), policies[-1] if policies else None)

    @property
    def policy(self) -> "GroupPolicy | None":
        return self.policy_on()


class GroupPolicy(BaseModel):
    """How a group runs from a date on; a change (e.g. traditional → flexible) adds a new row."""

    class Format(models.TextChoices):
        TRADITIONAL = "traditional", "Traditional"
        FLEXIBLE = "flexible", "Flexible"

    class Latecomers(models.TextChoices):
        EXCLUDED = "excluded", "Latecomers may not join"
        LISTEN_ONLY = "listen_only", "Latecomers join and listen"
        FULL = "full", "Latecomers participate fully"

    class FocusChooser(models.TextChoices):
        LEADERS = "leaders", "Leaders choose the focus"
        RESIDENTS = "residents", "Residents choose the focus"

    group = models.ForeignKey(Group, models.CASCADE, related_name="policies")
    effective_from = models.DateField()
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.TRADITIONAL)
    latecomers = models.CharField(max_length=16, choices=Latecomers.choices, default=Latecomers.EXCLUDED)
    problem_solving_allowed = models.BooleanField(default=False)
    focus_chosen_by = models.CharField(
        max_length=16, choices=FocusChooser.choices, default=FocusChooser.LEADERS
    )
    sessions_per_month = models.PositiveSmallIntegerField(default=3)
    note = models.CharField(max_length=300, blank=True, help_text="Why the policy changed.")

    class Meta:
        ordering = ["group", "-effective_from"]
        verbose_name_plural = "group policies"
        constraints = [
            models.UniqueConstraint(fields=["group", "effective_from"], name="one_policy_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_format_display()} from {self.effective_from}"

    @property
    def residents_choose_focus(self) -> bool:
        return self.focus_chosen_by == self.FocusChooser.RESIDENTS
