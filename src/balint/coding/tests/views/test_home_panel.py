"""The home page's analysis card counts the sources the person may see, by id, each once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding.tests.factories import make_source
from balint.programs.models import Group, Role
from balint.programs.services import membership_grant

pytestmark = pytest.mark.django_db


def test_it_counts_each_visible_source_once_without_reading_whole_rows(client, world):
    membership_grant(program=world.program, person=world.leader, role=Role.ANALYST)
    other = Group.objects.create(program=world.program, name="Other group")
    other.leaders.set([world.co_leader, world.analyst])  # two leaders: a join would list it twice
    make_source(world.program, group=other, deidentified=True)  # seen as analyst
    make_source(world.program, group=world.group, deidentified=False)  # seen as the group's leader
    make_source(world.program, deidentified=False)  # no group: every leader sees it
    make_source(world.program, group=other, deidentified=False)  # neither
    make_source(world.other_program, deidentified=True)  # another program
    client.force_login(world.leader.user)
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("core:home")).content.decode()
    assert "<dt>Sources</dt><dd>3</dd>" in body
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "coding_source" in q["sql"]]
    assert counts and all('"text"' not in sql and ".text" not in sql for sql in counts)
