"""The home page's group lists are kept rendered in the cache, keyed by the groups they show and the
language: a rename, a new group or another language shows at once, and nobody sees another's list."""

import pytest
from django.urls import reverse

from balint.programs.models import Group

pytestmark = pytest.mark.django_db


def home(client, person, **headers) -> str:
    client.force_login(person.user)
    page = client.get(reverse("core:home"), **headers)
    assert page.status_code == 200
    return page.content.decode()


def test_the_group_lists_follow_every_change_at_once(client, world):
    first = home(client, world.leader)
    assert world.group.name in first and f"{world.group.name}: group dashboard" in first
    again = home(client, world.leader)  # the second view reads the kept lists
    assert again.count(world.group.name) == first.count(world.group.name)

    world.group.name = "Wednesday group"  # renamed
    world.group.save()
    renamed = home(client, world.leader)
    assert "Wednesday group" in renamed and "Wednesday group: group dashboard" in renamed
    assert "Tuesday group" not in renamed

    added = Group.objects.create(program=world.program, name="Friday residents")
    added.leaders.add(world.leader)  # a group more
    page = home(client, world.leader)
    assert reverse("programs:group", args=[added.code]) in page
    assert reverse("reports:group", args=[added.code]) in page

    german = home(client, world.leader, HTTP_ACCEPT_LANGUAGE="de")
    assert "Sitzungen" in german  # another language is another entry, not the English one
    assert ": group dashboard" not in german


def test_a_leader_never_sees_another_leaders_list(client, world):
    own = Group.objects.create(program=world.program, name="Only for the co-leader")
    own.leaders.add(world.co_leader)
    home(client, world.co_leader)  # the co-leader's lists are rendered and kept first
    page = home(client, world.leader)
    assert "Only for the co-leader" not in page
    assert reverse("programs:group", args=[own.code]) not in page
