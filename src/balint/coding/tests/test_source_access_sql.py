"""The highlight endpoint's look-ups written as SQL (core/rows.py, coding/access.get_source_for) build the
very instances the ORM builds and grant exactly what the ORM-built checks granted (issue 20)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.test import RequestFactory

from balint.coding.access import get_source_for
from balint.coding.forms import active_themes
from balint.coding.models import Coding, Source, Theme
from balint.coding.tests.factories import code, make_source, make_theme
from balint.programs.models import Group, Person, Program, Role
from balint.programs.services import membership_grant


def _fields(instance: Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_source_program_and_person_are_the_instances_the_orm_builds(world):
    source = make_source(
        world.program,
        text="An encrypted text, with “quotes” and ünïcode.",
        group=world.group,
        date=datetime.date(2025, 3, 4),
        attributes={"Session format": "Strict"},
    )
    found, roles = get_source_for(_request(world.leader.user), source.code)
    assert _fields(found) == _fields(Source.objects.get(pk=source.pk))
    assert found.text == "An encrypted text, with “quotes” and ünïcode."
    assert found.attributes == {"Session format": "Strict"} and found.date == datetime.date(2025, 3, 4)
    assert _fields(found.program) == _fields(Program.objects.get(pk=world.program.pk))
    assert _fields(roles.person) == _fields(Person.objects.get(pk=world.leader.pk))
    assert roles.roles == frozenset({Role.LEADER})
    assert not found._state.adding and found.get_deferred_fields() == set()


def test_every_active_role_is_read_and_an_inactive_one_is_not(world):
    source = make_source(world.program, deidentified=True)
    membership_grant(program=world.program, person=world.leader, role=Role.ANALYST)
    _, roles = get_source_for(_request(world.leader.user), source.code)
    assert roles.roles == frozenset({Role.LEADER, Role.ANALYST})
    world.leader.memberships.filter(program=world.program).update(active=False)
    with pytest.raises(Http404):
        get_source_for(_request(world.leader.user), source.code)


def test_who_sees_which_source(world):
    led = make_source(world.program, group=world.group, deidentified=False)
    elsewhere = make_source(
        world.program, group=Group.objects.create(program=world.program, name="Other"), deidentified=False
    )
    deidentified = make_source(world.program, group=elsewhere.group, deidentified=True)
    assert get_source_for(_request(world.leader.user), led.code)[0].pk == led.pk
    with pytest.raises(Http404):
        get_source_for(_request(world.leader.user), elsewhere.code)
    assert get_source_for(_request(world.analyst.user), deidentified.code)[0].pk == deidentified.pk
    with pytest.raises(Http404):
        get_source_for(_request(world.analyst.user), led.code)
    with pytest.raises(Http404):  # a leader of another program
        get_source_for(_request(world.outsider.user), led.code)
    with pytest.raises(PermissionDenied):  # a role in the program that does not code
        get_source_for(_request(world.resident.user), led.code)
    for bad in ("not-a-code", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            get_source_for(_request(world.leader.user), bad)


def test_active_themes_and_span_codings_match_the_orm(world):
    source = make_source(world.program, group=world.group)
    themes = [make_theme(world.program, name) for name in ("Feelings", "Boundaries")]
    retired = make_theme(world.program, "Retired")
    Theme.objects.filter(pk=retired.pk).update(active=False)
    other = make_theme(world.other_program, "Elsewhere")
    found = active_themes(program=world.program, codes=[t.code for t in [*themes, retired, other]])
    assert sorted(_fields(t)["id"] for t in found) == sorted(t.pk for t in themes)
    assert [_fields(t) for t in sorted(found, key=lambda t: t.pk)] == [
        _fields(t) for t in Theme.objects.filter(pk__in=[t.pk for t in themes]).order_by("pk")
    ]
    coding = code(source, world.leader, themes[0], 4, 12, perspective="resident")
    again = code(source, world.leader, themes[0], 4, 12)
    assert again.pk == coding.pk and _fields(again) | {"theme_id": None} == _fields(
        Coding.objects.get(pk=coding.pk)
    ) | {"theme_id": None}
