"""Programs, cohorts, people, memberships with roles, groups and their policies."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel, CodedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("{value!r} is not a time zone such as America/New_York.").format(value=value))


ANONYMITY_MINIMUM = 3  # the surveys app never shows results with fewer answers either
ANONYMITY_DEFAULT = 5


class Program(CodedModel):
    """A residency program: everything else belongs to exactly one program."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    institution = models.CharField(max_length=200)
    specialty = models.CharField(max_length=120, default="Family medicine")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    year_start_month = models.PositiveSmallIntegerField(
        gettext_lazy("academic year starts in"),
        default=7,
        choices=list(MONTHS.items()),  # month names in the page's language
        help_text=gettext_lazy("Training years advance on the first day of this month."),
    )
    training_years = models.PositiveSmallIntegerField(
        gettext_lazy("years of training"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=gettext_lazy(
            "A cohort graduates after this many years (PGY-1 to PGY-3 in a three-year program)."
        ),
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=ANONYMITY_DEFAULT,
        validators=[MinValueValidator(ANONYMITY_MINIMUM), MaxValueValidator(500)],
        help_text=format_lazy(
            gettext_lazy("Survey results stay hidden until this many answered (at least {minimum})."),
            minimum=ANONYMITY_MINIMUM,
        ),
    )
    default_language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=gettext_lazy(
            "For people who have not chosen a language; left blank, each browser's language."
        ),
    )
    # The academic year (by the year it starts in) the program is in: set when it is created, advanced
    # only by the rollover an administrator confirms, so training years never change behind their back.
    current_year = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=ANONYMITY_MINIMUM),
                name="program_threshold_min",
                violation_error_message=f"The anonymity threshold is at least {ANONYMITY_MINIMUM}.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def save(self, *args, **kwargs) -> None:
        if self.current_year is None:  # a new program starts in the academic year of its creation
            self.current_year = self.calendar_year()
        super().save(*args, **kwargs)

    def calendar_year(self, on: datetime.date | None = None) -> int:
        """The academic year a date falls in, named by the year it starts in."""
        on = on or timezone.localdate()
        return on.year if on.month >= self.year_start_month else on.year - 1

    @property
    def academic_year(self) -> int:
        """The program's current academic year: the last one rolled over to, else the calendar's."""
        return self.current_year or self.calendar_year()

    def year_starts_on(self, year: int) -> datetime.date:
        return datetime.date(year, self.year_start_month, 1)


class Cohort(CodedModel):
    """Residents who entered together, e.g. the class graduating in 2027."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    entry_year = models.PositiveIntegerField(
        help_text=gettext_lazy("Academic year the cohort started PGY-1, e.g. 2024.")
    )
    graduated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-entry_year"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="cohort_name_unique")]

    def __str__(self) -> str:
        return self.name

    def training_year(self, on: datetime.date | None = None) -> int:
        """PGY number: in the program's current academic year, or in the one a given date falls in."""
        year = self.program.calendar_year(on) if on else self.program.academic_year
        return year - self.entry_year + 1

    @property
    def graduated(self) -> bool:
        return self.graduated_on is not None

    @property
    def training_complete(self) -> bool:
        """Past the program's last training year but not yet graduated by a rollover."""
        return not self.graduated and self.training_year() > self.program.training_years

    def training_label(self, on: datetime.date | None = None) -> str:
        if self.graduated_on and (on is None or on >= self.graduated_on):
            return f"Graduated {self.graduated_on.year}"
        if on is None and self.training_complete:
            return "Training complete (graduates at the year rollover)"
        return f"PGY-{self.training_year(on)}"


class Person(CodedModel):
    """A person with a login; may belong to several programs through memberships."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="person")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("Pages and e-mails in this language; left blank, the program's default."),
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name


class Role(models.TextChoices):
    ADMIN = "admin", gettext_lazy("Program administrator")
    LEADER = "leader", gettext_lazy("Leader")
    RESIDENT = "resident", gettext_lazy("Resident")
    TRANSCRIBER = "transcriber", gettext_lazy("Transcriber")
    ANALYST = "analyst", gettext_lazy("Analyst")


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


class GroupSeat(BaseModel):
    """One stretch of time a person spent in a group as a member or a co-leader.

    The group's `members` and `leaders` hold who is in it now; seats keep who was in it when, so a
    removal never takes a person off past sessions, attendance, notes or codings.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", gettext_lazy("Member")
        LEADER = "leader", gettext_lazy("Co-leader")

    group = models.ForeignKey(Group, models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, models.CASCADE, related_name="group_seats")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "kind", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="seat_ends_after_start",
                violation_error_message=gettext_lazy("The end date is before the start date."),
            ),
            models.UniqueConstraint(
                fields=["group", "person", "kind"],
                condition=models.Q(ends_on__isnull=True),
                name="one_open_seat",
                violation_error_message=gettext_lazy("This person is already in the group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group} from {self.starts_on}"


class GroupPolicy(BaseModel):
    """How a group runs from a date on; a change (e.g. traditional → flexible) adds a new row."""

    class Format(models.TextChoices):
        TRADITIONAL = "traditional", gettext_lazy("Traditional")
        FLEXIBLE = "flexible", gettext_lazy("Flexible")

    class Latecomers(models.TextChoices):
        EXCLUDED = "excluded", gettext_lazy("Latecomers may not join")
        LISTEN_ONLY = "listen_only", gettext_lazy("Latecomers join and listen")
        FULL = "full", gettext_lazy("Latecomers participate fully")

    class FocusChooser(models.TextChoices):
        LEADERS = "leaders", gettext_lazy("Leaders choose the focus")
        RESIDENTS = "residents", gettext_lazy("Residents choose the focus")

    group = models.ForeignKey(Group, models.CASCADE, related_name="policies")
    effective_from = models.DateField()
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.TRADITIONAL)
    latecomers = models.CharField(max_length=16, choices=Latecomers.choices, default=Latecomers.EXCLUDED)
    problem_solving_allowed = models.BooleanField(default=False)
    focus_chosen_by = models.CharField(
        max_length=16, choices=FocusChooser.choices, default=FocusChooser.LEADERS
    )
    sessions_per_month = models.PositiveSmallIntegerField(default=3)
    note = models.CharField(max_length=300, blank=True, help_text=gettext_lazy("Why the policy changed."))

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
