"""Writes for programs, people, memberships, groups and policies."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Cohort, Group, GroupPolicy, Membership, Person, Program, Role


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
        raise ApplicationError("That username is already taken.", extra={"field": "username"})
    if cohort is not None and cohort.program_id != program.pk:
        raise ApplicationError("The cohort belongs to another program.", extra={"field": "cohort"})
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
    membership, _ = Membership.objects.update_or_create(
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
    _check_roles(program=program, people=leaders, role=Role.LEADER, label="leader")
    _check_roles(program=program, people=members, role=Role.RESIDENT, label="member")
    group = Group(program=program, name=name, description=description)
    validated(group)
    group.save()
    group.leaders.set(leaders)
    group.members.set(members)
    GroupPolicy.objects.create(group=group, effective_from=starts_on)
    return group


@transaction.atomic
def group_update_people(*, group: Group, leaders: list[Person], members: list[Person]) -> Group:
    """Replace a group's co-leaders and members; each must hold the matching role in the program."""
    _check_roles(program=group.program, people=leaders, role=Role.LEADER, label="leader")
    _check_roles(program=group.program, people=members, role=Role.RESIDENT, label="member")
    group.leaders.set(leaders)
    group.members.set(members)
    return group


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
                f"{person} cannot be a {label}: they are not a {Role(role).label.lower()} of this program.",
                extra={"person": str(person.code)},
            )
