"""Test data for the program search: a second group the world's leader does not lead, sources, a survey."""

from __future__ import annotations

import datetime

from conftest import make_meeting

from balint.coding.models import Source
from balint.coding.tests.factories import make_source
from balint.meetings.models import Meeting, MeetingNote
from balint.programs.models import Group
from balint.surveys import services as survey_services
from balint.surveys.models import Answer, Question
from balint.surveys.tests.factories import add_members, answer, make_survey


def other_group_note(world, content: str = "Thursday frustration with the zebra case.") -> MeetingNote:
    """A note in a group of the same program led by the co-leader only (not by the world's leader)."""
    group = Group.objects.create(program=world.program, name="Thursday group")
    group.leaders.set([world.co_leader])
    meeting = make_meeting(
        group, world.past_meeting.starts_at - datetime.timedelta(days=2), status=Meeting.Status.HELD
    )
    return MeetingNote.objects.create(meeting=meeting, content=content)


def sources(world) -> tuple[Source, Source]:
    """A de-identified session-note source and an identifiable document, both saying 'frustration'."""
    deidentified = make_source(
        world.program, text="De-identified: the frustration of a long clinic.", title="Clean note"
    )
    document = make_source(
        world.program,
        text="Identifiable document: frustration of Mr Smith.",
        title="Raw document",
        kind=Source.Kind.DOCUMENT,
        deidentified=False,
    )
    return deidentified, document


def survey_with_answers(world, text: str, answers: int = 3):
    """A survey in the world's group (threshold 3) with `answers` answers, every open one saying `text`."""
    people = [world.resident, world.other_resident, *add_members(world.group, max(0, answers - 2))]
    survey = make_survey(world.group, min_answers=3)
    for person in people[:answers]:
        answer(survey, person, text=text)
    return survey


def approve_all(world, survey, text: str) -> int:
    rows = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN).select_related(
        "question", "response__survey__group"
    )
    for row in rows:
        survey_services.transcript_save(answer=row, transcriber=world.transcriber, text=text, approve=True)
    return len(rows)
