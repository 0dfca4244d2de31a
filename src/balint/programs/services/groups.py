"""Writes for groups: create, seats (who is in a group from when to when), people, policies."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Group, GroupPolicy, GroupSeat, Membership, Person, Program, Role


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
            _("{person} joined on {starts_on}; the end date cannot be earlier.").format(
                person=person, starts_on=day(seat.starts_on)
            ),
            extra={"field": "ends_on"},
        )
    seat.ends_on = ends_on
    validated(seat)
    seat.save()
    relation.remove(person)
    return seat


def _leave_groups(*, program: Program, people: list[Person], on: datetime.date, kinds: list[str]) -> list:
    ended = []
    for kind in kinds:
        relation = "members" if kind == GroupSeat.Kind.MEMBER else "leaders"
        for group in Group.objects.filter(program=program, **{f"{relation}__in": people}).distinct():
            for person in getattr(group, relation).filter(pk__in=[p.pk for p in people]):
                ended.append(group_seat_end(group=group, person=person, kind=kind, ends_on=on))
    return ended


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
