"""Study test data built on the root conftest's World: a study, its member sites, contributed sources."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from conftest import PASSWORD, make_meeting

from balint.coding import services as coding
from balint.coding.models import Coding, Source, Theme
from balint.meetings.models import Meeting, MeetingNote
from balint.programs.models import Group, Person, Program, Role
from balint.programs.services import person_create
from balint.studies import services
from balint.studies.models import Contribution, Study, StudyMember


def make_study(owner: Person, title: str = "Balint groups across residencies") -> Study:
    return services.study_create(
        owner=owner,
        title=title,
        aims="Compare what residents bring to Balint groups across sites.",
        approval_reference="IRB-2025-114",
        starts_on=datetime.date(2025, 1, 1),
    )


def join(study: Study, program: Program, admin: Person) -> StudyMember:
    return services.study_join(study=study, program=program, consented_by=admin, consent=True)


def note_source(group: Group, content: str, when: datetime.datetime, process: str = "") -> Source:
    """A held session with screened notes, sent to the program's analysis as `coding` does it."""
    meeting = make_meeting(group, when, status=Meeting.Status.HELD)
    note = MeetingNote.objects.create(meeting=meeting, content=content, process=process)
    return coding.source_from_note(note=note, created_by=None)


def pure_analyst(study: Study, username: str = "studyanalyst", name: str = "Sam Studyanalyst") -> Person:
    """Someone whose only role anywhere is analyst of the study."""
    return person_create(
        program=study.workspace,
        full_name=name,
        email=f"{username}@example.org",
        username=username,
        role=Role.ANALYST,
        password=PASSWORD,
    )


@dataclass
class StudyWorld:
    study: Study
    member: StudyMember
    contribution: Contribution
    theme: Theme
    coding: Coding


def study_world(world) -> StudyWorld:
    """The world's program as Site A of a study its administrator owns; the world's analyst analyses it.

    One session note contributed, one theme in the shared codebook and one coding on it. Cached on the world.
    """
    cached = getattr(world, "_study_world", None)
    if cached is not None:
        return cached
    study = make_study(world.administrator)
    member = join(study, world.program, world.administrator)
    services.study_analyst_add(study=study, email=world.analyst.email)
    source = note_source(
        world.group,
        "Site A note: the resident felt cornered by a patient asking for an early refill.",
        datetime.datetime(2025, 3, 4, 18, tzinfo=datetime.UTC),
    )
    [contribution] = services.contributions_add(
        member=member, sources=[source], contributed_by=world.administrator
    )
    theme = coding.theme_create(program=study.workspace, name="Resident's feelings")
    coded = coding.coding_create(
        source=contribution.study_source, coder=world.analyst, themes=[theme], start=0, end=20
    )[0]
    cached = StudyWorld(study=study, member=member, contribution=contribution, theme=theme, coding=coded)
    world._study_world = cached
    return cached
