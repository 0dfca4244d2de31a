"""Helpers for session tests: more sessions, a second group in the same program, a policy switch."""

import datetime

import pytest
from conftest import World, make_meeting, make_person
from django.utils import timezone

from balint.meetings.models import Meeting
from balint.programs.models import Group, GroupPolicy, Role


def add_meetings(group: Group, count: int, *, past: bool = True) -> list[Meeting]:
    base = timezone.now().replace(microsecond=0)
    sign = -1 if past else 1
    return [
        make_meeting(
            group,
            base + sign * datetime.timedelta(days=30 + 3 * i),
            status=Meeting.Status.HELD if past else Meeting.Status.SCHEDULED,
        )
        for i in range(count)
    ]


def set_policy(world: World, **fields) -> GroupPolicy:
    """Replace the group's policy (one policy from 2024 on) with these fields."""
    policy = world.group.policies.get()
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    return policy


@pytest.fixture
def other_group(world: World) -> Group:
    """A second group of the same program, with its own resident."""
    group = Group.objects.create(program=world.program, name="Thursday group")
    outsider_resident = make_person(
        world.program, "resident3", Role.RESIDENT, "Otis Other", cohort=world.cohort
    )
    group.leaders.set([world.co_leader])
    group.members.set([outsider_resident])
    GroupPolicy.objects.create(
        group=group,
        effective_from=datetime.date(2024, 7, 1),
        format=GroupPolicy.Format.FLEXIBLE,
        focus_chosen_by=GroupPolicy.FocusChooser.RESIDENTS,
    )
    return group
