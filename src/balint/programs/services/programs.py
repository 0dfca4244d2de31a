"""Writes for programs and cohorts, and the academic-year rollover."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.models import Cohort, Group, GroupSeat, Person, Program, Role
from balint.programs.services.groups import _leave_groups
from balint.programs.services.people import membership_grant

PROGRAM_FIELDS = ["name", "institution", "specialty", "time_zone", "year_start_month", "training_years",
                  "anonymity_threshold", "default_language"]  # fmt: skip


def _slug_for(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:50] or "program"
    slug, n = base, 2
    while slug == "new" or Program.objects.filter(slug=slug).exists():  # programs/new/ is the create page
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def program_create(*, creator: Person, **fields: object) -> Program:
    """Create a program whose first administrator is its creator."""
    program = Program(slug=_slug_for(str(fields.get("name", ""))), **fields)
    validated(program)
    program.save()
    membership_grant(program=program, person=creator, role=Role.ADMIN)
    return program


@transaction.atomic
def program_update(*, program: Program, data: dict) -> Program:
    """Change the program's name, institution, time zone, year start, length, threshold and language."""
    program, _unused = model_update(instance=program, data=data, fields=PROGRAM_FIELDS)
    return program


@transaction.atomic
def cohort_create(*, program: Program, name: str, entry_year: int) -> Cohort:
    """Add a cohort; names are unique within the program."""
    _cohort_name_free(program=program, name=name)
    cohort = validated(Cohort(program=program, name=name, entry_year=entry_year))
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, name: str, entry_year: int) -> Cohort:
    """Rename a cohort or correct its entry year."""
    _cohort_name_free(program=cohort.program, name=name, exclude=cohort)
    cohort, _unused = model_update(instance=cohort, data={"name": name, "entry_year": entry_year},
                             fields=["name", "entry_year"])  # fmt: skip
    return cohort


def _cohort_name_free(*, program: Program, name: str, exclude: Cohort | None = None) -> None:
    taken = Cohort.objects.filter(program=program, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ApplicationError(_("The program already has a cohort with this name."), extra={"field": "name"})


@transaction.atomic
def cohort_graduate(*, cohort: Cohort, on: datetime.date | None = None) -> list[GroupSeat]:
    """Graduate a cohort: it reads "Graduated", and its residents leave every group from that day on
    (so no survey invites them again); their records stay theirs. Returns the seats that ended."""
    on = on or timezone.localdate()
    if cohort.graduated:
        raise ApplicationError(
            _("{cohort} graduated on {graduated_on}.").format(
                cohort=cohort, graduated_on=day(cohort.graduated_on)
            )
        )
    cohort.graduated_on = on
    cohort.save(update_fields=["graduated_on", "updated_at"])
    return _leave_groups(
        program=cohort.program,
        people=list(Person.objects.filter(memberships__cohort=cohort, memberships__role=Role.RESIDENT)),
        on=on,
        kinds=[GroupSeat.Kind.MEMBER],
    )


@dataclass
class CohortStep:
    cohort: Cohort
    before: str
    after: str
    graduates: bool
    residents: list[Person] = field(default_factory=list)
    leaving: list[Group] = field(default_factory=list)


@dataclass
class Rollover:
    """What rolling the program over to `year` would do; `due` is False before that year starts."""

    program: Program
    year: int
    starts_on: datetime.date
    due: bool
    steps: list[CohortStep]

    @property
    def graduating(self) -> list[CohortStep]:
        return [step for step in self.steps if step.graduates]

    @property
    def label(self) -> str:
        return f"{self.year}–{self.year + 1}"


def rollover_preview(*, program: Program, today: datetime.date | None = None) -> Rollover:
    """The next academic year: each cohort's training year before and after, and who graduates."""
    today = today or timezone.localdate()
    year = program.academic_year + 1
    cohorts = list(
        program.cohorts.filter(graduated_on__isnull=True).prefetch_related(
            "memberships__person__member_groups"
        )
    )
    steps = []
    for cohort in cohorts:
        cohort.program = program
        after = year - cohort.entry_year + 1
        graduates = after > program.training_years
        residents = sorted(
            {m.person for m in cohort.memberships.all() if m.role == Role.RESIDENT}, key=lambda p: p.full_name
        )
        leaving = sorted(
            {g for p in residents for g in p.member_groups.all() if g.program_id == program.pk},
            key=lambda g: g.name,
        )
        steps.append(
            CohortStep(
                cohort=cohort,
                before=cohort.training_label(),
                after="Graduated" if graduates else f"PGY-{after}",
                graduates=graduates,
                residents=residents if graduates else [],
                leaving=leaving if graduates else [],
            )
        )
    starts_on = program.year_starts_on(year)
    return Rollover(program=program, year=year, starts_on=starts_on, due=today >= starts_on, steps=steps)


@transaction.atomic
def program_roll_over(*, program: Program, year: int, today: datetime.date | None = None) -> Rollover:
    """Move the program into academic year `year` (the one previewed): training years advance, cohorts past
    the last training year graduate and leave their groups. Refused before that year starts, or twice."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    today = today or timezone.localdate()
    plan = rollover_preview(program=program, today=today)
    if year != plan.year:
        raise ApplicationError(
            _("The program is already in {academic_year}–{value}; look at the preview again.").format(
                academic_year=program.academic_year, value=program.academic_year + 1
            )
        )
    if not plan.due:
        raise ApplicationError(
            _("The {label} academic year starts on {starts_on}.").format(
                label=plan.label, starts_on=day(plan.starts_on)
            )
        )
    program.current_year = year
    program.save(update_fields=["current_year", "updated_at"])
    for step in plan.graduating:
        cohort_graduate(cohort=step.cohort, on=today)
    return plan
