"""Three programs for study tests: the world's program and two more sites, each with an administrator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from conftest import make_person

from balint.coding.models import Source
from balint.programs.models import Group, Person, Program, Role
from balint.studies.models import Study, StudyMember
from balint.studies.tests.factories import join, make_study, note_source

SITE_TEXT = {
    "lakeside": "Lakeside words: the resident dreaded the Friday clinic.",
    "hillcrest": "Hillcrest words: a patient brought flowers every week.",
    "riverton": "Riverton words: the group argued about narcotic contracts.",
}


@dataclass
class Sites:
    study: Study
    programs: list[Program]
    admins: list[Person]
    members: list[StudyMember]
    sources: list[Source]


@pytest.fixture
def sites(world) -> Sites:
    """A study owned by the world's administrator, joined by three programs, each with one screened note."""
    riverton = Program.objects.create(name="Riverton FM", slug="riverton", institution="Riverton")
    river_admin = make_person(riverton, "riveradmin", Role.ADMIN, "Rhea Riveradmin")
    river_group = Group.objects.create(program=riverton, name="River group")
    hill_admin = make_person(world.other_program, "hilladmin", Role.ADMIN, "Hugo Hilladmin")
    programs = [world.program, world.other_program, riverton]
    admins = [world.administrator, hill_admin, river_admin]
    groups = [world.group, world.outsider_group, river_group]
    study = make_study(world.administrator)
    members = [join(study, p, a) for p, a in zip(programs, admins, strict=True)]
    sources = [
        note_source(g, SITE_TEXT[p.slug], datetime.datetime(2025, 2, 3 + i, 18, tzinfo=datetime.UTC))
        for i, (p, g) in enumerate(zip(programs, groups, strict=True))
    ]
    return Sites(study=study, programs=programs, admins=admins, members=members, sources=sources)
