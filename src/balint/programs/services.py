"""Writes for programs, people, memberships, groups and policies."""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.language import email_language
from balint.programs.models import Cohort, Group, GroupPolicy, GroupSeat, Membership, Person, Program, Role


@transaction.atomic
def person_create(
    *,
    program: Program,
    full_name: str,
    email: str,
    username: str,
    role: str,
    cohort: Cohort | None = None,
    password: str | None = None,
) -> Person:
    """Create a login and a person holding one role in the program; a taken username is refused."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("That username is already taken."), extra={"field": "username"})
    if Person.objects.filter(memberships__program=program, email__iexact=email).exists():
        raise ApplicationError(
            _("Someone in this program already has this e-mail."), extra={"field": "email"}
        )
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError(_("The cohort belongs to another program."), extra={"field": "cohort"})
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # they set one through the password-reset email
    validated(user)
    user.save()
    person = Person(user=user, full_name=full_name, email=email)
    validated(person)
    person.save()
    membership_grant(program=program, person=person, role=role, cohort=cohort)
    return person


@transaction.atomic
def membership_grant(
    *, program: Program, person: Person, role: str, cohort: Cohort | None = None
) -> Membership:
    """Give a person a role in a program (re-activating it if it was withdrawn)."""
    if role != Role.RESIDENT:
        cohort = None
    membership, _unused = Membership.objects.update_or_create(
        program=program, person=person, role=role, defaults={"active": True, "cohort": cohort}
    )
    return membership


@transaction.atomic
def group_create(
    *,
    program: Program,
    name: str,
    leaders: list[Person],
    members: list[Person],
    starts_on: datetime.date,
    description: str = "",
) -> Group:
    """Create a group with its first (traditional) policy; leaders must be leaders, members residents."""
    _check_roles(program=program, people=leaders, role=Role.LEADER, label=_("leader"))
    _check_roles(program=program, people=members, role=Role.RESIDENT, label=_("member"))
    if Group.objects.filter(program=program, name__iexact=name).exists():
        raise ApplicationError(_("The program already has a group with this name."), extra={"field": "name"})
    group = Group(program=program, name=name, description=description)
    validated(group)
    group.save()
    group.leaders.set(leaders)
    group.members.set(members)
    GroupSeat.objects.bulk_create(
        [GroupSeat(group=group, person=p, kind=GroupSeat.Kind.LEADER, starts_on=starts_on) for p in leaders]
        + [GroupSeat(group=group, person=p, kind=GroupSeat.Kind.MEMBER, starts_on=starts_on) for p in members]
    )
    GroupPolicy.objects.create(group=group, effective_from=starts_on)
    return group


@transaction.atomic
def group_update_people(*, group: Group, leaders: list[Person], members: list[Person]) -> Group:
    """Replace a group's co-leaders and members from today; each must hold the matching role."""
    _check_roles(program=group.program, people=leaders, role=Role.LEADER, label=_("leader"))
    _check_roles(program=group.program, people=members, role=Role.RESIDENT, label=_("member"))
    today = timezone.localdate()
    for kind, relation, wanted in [
        (GroupSeat.Kind.LEADER, group.leaders, leaders),
        (GroupSeat.Kind.MEMBER, group.members, members),
    ]:
        current = set(relation.all())
        for person in set(wanted) - current:
            group_seat_add(group=group, person=person, kind=kind, starts_on=today)
        for person in current - set(wanted):
            group_seat_end(group=group, person=person, kind=kind, ends_on=today)
    return group


def _first_day(group: Group) -> datetime.date:
    dates = [policy.effective_from for policy in group.policies.all()]
    return min(dates) if dates else timezone.localtime(group.created_at).date()


def _no_future(day: datetime.date, field_name: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(
            _("A change can be recorded from today or an earlier date, not a future one."),
            extra={"field": field_name},
        )


@transaction.atomic
def group_seat_add(*, group: Group, person: Person, kind: str, starts_on: datetime.date) -> GroupSeat:
    """Put a resident (member) or a leader (co-leader) in the group from a date; refused if already in it."""
    role, label = (Role.LEADER, "co-leader") if kind == GroupSeat.Kind.LEADER else (Role.RESIDENT, "member")
    _check_roles(program=group.program, people=[person], role=role, label=label)
    _no_future(starts_on, "starts_on")
    relation = group.leaders if kind == GroupSeat.Kind.LEADER else group.members
    if (
        relation.filter(pk=person.pk).exists()
        or group.seats.filter(person=person, kind=kind, ends_on__isnull=True).exists()
    ):
        raise ApplicationError(
            _("{person} is already a {label} of this group.").format(person=person, label=label),
            extra={"field": "person"},
        )
    if group.seats.filter(person=person, kind=kind, ends_on__gte=starts_on).exists():
        raise ApplicationError(
            _(
                "{person} was a {label} of this group until after that date; start the new period later."
            ).format(person=person, label=label),
            extra={"field": "starts_on"},
        )
    seat = validated(GroupSeat(group=group, person=person, kind=kind, starts_on=starts_on))
    seat.save()
    relation.add(person)
    return seat


@transaction.atomic
def group_seat_end(*, group: Group, person: Person, kind: str, ends_on: datetime.date) -> GroupSeat:
    """Take a person out of the group from a date on; their past sessions, marks and notes stay theirs."""
    _no_future(ends_on, "ends_on")
    relation = group.leaders if kind == GroupSeat.Kind.LEADER else group.members
    seat = group.seats.filter(person=person, kind=kind, ends_on__isnull=True).first()
    if seat is None:
        if not relation.filter(pk=person.pk).exists():
            raise ApplicationError(
                _("{person} is not in this group.").format(person=person), extra={"field": "person"}
            )
        seat = GroupSeat(group=group, person=person, kind=kind, starts_on=_first_day(group))
    if ends_on < seat.starts_on:
        raise ApplicationError(
            _("{person} joined on {starts_on:%d %b %Y}; the end date cannot be earlier.").format(
                person=person, starts_on=seat.starts_on
            ),
            extra={"field": "ends_on"},
        )
    seat.ends_on = ends_on
    validated(seat)
    seat.save()
    relation.remove(person)
    return seat


# --- Programs and cohorts ----------------------------------------------------------------------------

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
            _("{cohort} graduated on {graduated_on:%d %b %Y}.").format(
                cohort=cohort, graduated_on=cohort.graduated_on
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


def _leave_groups(*, program: Program, people: list[Person], on: datetime.date, kinds: list[str]) -> list:
    ended = []
    for kind in kinds:
        relation = "members" if kind == GroupSeat.Kind.MEMBER else "leaders"
        for group in Group.objects.filter(program=program, **{f"{relation}__in": people}).distinct():
            for person in getattr(group, relation).filter(pk__in=[p.pk for p in people]):
                ended.append(group_seat_end(group=group, person=person, kind=kind, ends_on=on))
    return ended


# --- People ------------------------------------------------------------------------------------------


@transaction.atomic
def person_update(
    *, program: Program, person: Person, full_name: str, email: str, roles: list[str], cohort: Cohort | None
) -> Person:
    """Change a person's name, e-mail, roles and cohort in this program; a role still in use by a group
    (a leader leading one, a resident in one) cannot be taken away until they leave it."""
    if not roles:
        raise ApplicationError(_("Choose at least one role."), extra={"field": "roles"})
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError(_("The cohort belongs to another program."), extra={"field": "cohort"})
    if cohort is not None and Role.RESIDENT not in roles:
        raise ApplicationError(_("Only residents belong to a cohort."), extra={"field": "cohort"})
    held = {m.role: m for m in Membership.objects.filter(program=program, person=person)}
    for role in set(held) - set(roles):
        groups = program.groups.filter(leaders=person) if role == Role.LEADER else None
        groups = program.groups.filter(members=person) if role == Role.RESIDENT else groups
        if groups is not None and groups.exists():
            names = ", ".join(g.name for g in groups)
            raise ApplicationError(
                _("{person} is still {value} of {names}; take them out of the group first.").format(
                    person=person, value="a co-leader" if role == Role.LEADER else "a member", names=names
                ),
                extra={"field": "roles"},
            )
    if email.casefold() != person.email.casefold() and (
        Membership.objects.filter(person=person).exclude(program=program).exists()
        or person.user.is_staff
        or person.user.is_superuser
    ):  # a password reset at the new address would hand over every role they hold elsewhere
        raise ApplicationError(
            _(
                "{person} also signs in to another program (or runs this site), so only they or the site's "
                "administrator can change their e-mail."
            ).format(person=person),
            extra={"field": "email"},
        )
    active = any(m.active for m in held.values()) or not held
    person, _unused = model_update(instance=person, data={"full_name": full_name, "email": email},
                             fields=["full_name", "email"])  # fmt: skip
    if person.user.email != email:
        person.user.email = email
        person.user.save(update_fields=["email"])
    Membership.objects.filter(program=program, person=person).exclude(role__in=roles).delete()
    for role in roles:
        Membership.objects.update_or_create(
            program=program,
            person=person,
            role=role,
            defaults={"cohort": cohort if role == Role.RESIDENT else None, "active": active},
        )
    return person


@transaction.atomic
def person_deactivate(*, program: Program, person: Person, by: Person | None = None) -> Person:
    """Withdraw a person from the program: they leave its groups from today, cannot sign in (unless another
    program still has them), receive no invitation; attendance, notes and codings keep their name."""
    if by is not None and by.pk == person.pk:
        raise ApplicationError(_("You cannot deactivate yourself; ask another administrator."))
    _leave_groups(
        program=program,
        people=[person],
        on=timezone.localdate(),
        kinds=[GroupSeat.Kind.MEMBER, GroupSeat.Kind.LEADER],
    )
    Membership.objects.filter(program=program, person=person).update(active=False)
    if not Membership.objects.filter(person=person, active=True).exists():
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_reactivate(*, program: Program, person: Person) -> Person:
    """Give a deactivated person their roles in the program back and let them sign in again."""
    Membership.objects.filter(program=program, person=person).update(active=True)
    if not person.user.is_active:
        person.user.is_active = True
        person.user.save(update_fields=["is_active"])
    return person


def invitation_link(person: Person) -> str:
    """A set-password link for the person (Django's password-reset token: one use, expires)."""
    uid = urlsafe_base64_encode(force_bytes(person.user.pk))
    token = default_token_generator.make_token(person.user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def person_invite(*, program: Program, person: Person) -> None:
    """E-mail the person their username and a link to choose a password (after the transaction commits)."""

    def send() -> None:
        with translation.override(email_language(person, program)):
            subject = _("Your Balint account for {program}").format(program=program.name)
            message = _(
                "Hello {name},\n\n"
                "{program} uses Balint for its Balint groups.\n"
                "Your username is: {username}\n\n"
                "Choose your password here (the link works once and expires in a few days):\n"
                "{link}\n\n"
                "Then sign in at {login}\n"
            ).format(
                name=person.full_name,
                program=program.name,
                username=person.user.username,
                link=invitation_link(person),
                login=settings.SITE_URL + reverse("login"),
            )
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[person.email])

    transaction.on_commit(send)


def username_for(email: str, taken: set[str]) -> str:
    """A free username from the e-mail's local part (letters, digits, - and _), numbered when taken."""
    base = re.sub(r"[^a-z0-9_-]+", "", email.split("@")[0].lower())[:140] or "person"
    name, n = base, 2
    while name in taken or get_user_model().objects.filter(username__iexact=name).exists():
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


@transaction.atomic
def group_policy_set(*, group: Group, effective_from: datetime.date, **fields: object) -> GroupPolicy:
    """Record the policy in force from a date; a second change on the same day replaces the first."""
    policy = GroupPolicy.objects.filter(group=group, effective_from=effective_from).first()
    policy = policy or GroupPolicy(group=group, effective_from=effective_from)
    for name, value in fields.items():
        setattr(policy, name, value)
    validated(policy)
    policy.save()
    return policy


def _check_roles(*, program: Program, people: list[Person], role: str, label: str) -> None:
    holders = set(
        Membership.objects.filter(program=program, role=role, active=True, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    for person in people:
        if person.pk not in holders:
            raise ApplicationError(
                _("{person} cannot be a {label}: they are not a {value} of this program.").format(
                    person=person, label=label, value=Role(role).label.lower()
                ),
                extra={"person": str(person.code)},
            )


# --- The academic-year rollover ----------------------------------------------------------------------


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
            _("The {label} academic year starts on {starts_on:%d %B %Y}.").format(
                label=plan.label, starts_on=plan.starts_on
            )
        )
    program.current_year = year
    program.save(update_fields=["current_year", "updated_at"])
    for step in plan.graduating:
        cohort_graduate(cohort=step.cohort, on=today)
    return plan


@transaction.atomic
def person_for_site_admin(*, user: object) -> Person:
    """The person record of a site administrator made without one (e.g. Django's createsuperuser)."""
    person, _unused = Person.objects.get_or_create(
        user=user, defaults={"full_name": user.get_full_name() or user.username, "email": user.email}
    )
    return person


@transaction.atomic
def person_create_external(*, full_name: str, code: uuid.UUID | None = None) -> Person:
    """A person who cannot sign in and belongs to no program (the coder of work imported from a file)."""
    user = get_user_model().objects.create_user(
        username=f"imported-{get_random_string(12).lower()}", password=None, is_active=False
    )
    person = Person(user=user, full_name=full_name.strip()[:200] or "Imported coder", email="")
    if code is not None:
        person.code = code
    person.save()
    return person


@transaction.atomic
def person_language_update(*, person: Person, language: str) -> Person:
    """Set the language a person's pages and e-mails are in; "" follows the program's default."""
    person, _unused = model_update(instance=person, data={"language": language}, fields=["language"])
    return person
