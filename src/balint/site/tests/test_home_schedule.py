"""A resident's schedule on the home page lists, in each program's part, that program's sessions only."""

import datetime

import pytest
from conftest import make_meeting
from django.urls import reverse
from django.utils import timezone

from balint.programs.models import Membership, Role

pytestmark = pytest.mark.django_db


def _part(page: str, program) -> str:
    """The home page's section of one program."""
    return page.split(f'<section class="program-panel" aria-labelledby="program-{program.slug}">')[1].split(
        "</section>"
    )[0]


def test_each_programs_part_lists_its_own_sessions(client, world):
    other = world.outsider_group.program
    Membership.objects.create(program=other, person=world.resident, role=Role.RESIDENT)
    world.outsider_group.members.add(world.resident)
    soon = timezone.now() + datetime.timedelta(days=5)
    elsewhere = make_meeting(world.outsider_group, soon)
    here = world.next_meeting

    client.force_login(world.resident.user)
    page = client.get(reverse("core:home")).content.decode()

    own, outside = _part(page, world.program), _part(page, other)
    assert reverse("meetings:detail", args=[here.code]) in own
    assert reverse("meetings:detail", args=[elsewhere.code]) not in own
    assert reverse("meetings:detail", args=[elsewhere.code]) in outside
    assert reverse("meetings:detail", args=[here.code]) not in outside
    assert world.outsider_group.name in outside and world.outsider_group.name not in own
