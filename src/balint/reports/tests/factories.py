"""Evaluation data for report tests, written as plain rows so the tests can recount them independently."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import zoneinfo

from balint.coding.models import Category, Coding, Source, Theme
from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Group, Person, Program, Role
from balint.surveys.models import Answer, Instrument, Invitation, Question, Response, Survey, Transcript

_counter = itertools.count(1)


def add_residents(group: Group, count: int, cohort=None) -> list[Person]:
    from conftest import make_person

    people = []
    for _ in range(count):
        n = next(_counter)
        person = make_person(group.program, f"rep{n}", Role.RESIDENT, f"Quentin Zebulon{n}", cohort=cohort)
        group.members.add(person)
        people.append(person)
    return people


def held(
    group: Group, day: datetime.date, focus: str, marks: dict[Person, tuple[str, str]], rule: str = ""
) -> Meeting:
    """A held session at 12:30 local time with one attendance row per (status, reason)."""
    zone = zoneinfo.ZoneInfo(group.program.time_zone)
    starts = datetime.datetime.combine(day, datetime.time(12, 30), tzinfo=zone)
    meeting = Meeting.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        status=Meeting.Status.HELD,
        focus=focus,
    )
    for person, (status, reason) in marks.items():
        Attendance.objects.create(
            meeting=meeting, person=person, status=status, reason=reason, latecomer_rule=rule
        )
    MeetingNote.objects.create(meeting=meeting, content="Notes.", process="Process.")
    return meeting


def cancelled(group: Group, day: datetime.date) -> Meeting:
    zone = zoneinfo.ZoneInfo(group.program.time_zone)
    starts = datetime.datetime.combine(day, datetime.time(12, 30), tzinfo=zone)
    return Meeting.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        status=Meeting.Status.CANCELLED,
    )


def closed_survey(
    group: Group,
    closes_on: datetime.date,
    likert: list[list[int]],
    invited: list[Person],
    transcripts: int = 0,
) -> Survey:
    """A five-point Likert survey closed on a day; `likert[i]` are the answers to statement i."""
    zone = zoneinfo.ZoneInfo(group.program.time_zone)
    instrument = Instrument.objects.create(program=group.program, name=f"Feedback {next(_counter)}")
    labels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    questions = [
        Question.objects.create(
            instrument=instrument,
            position=i,
            kind=Question.Kind.LIKERT,
            text=f"Statement {i + 1} helps me",
            choices=labels,
        )
        for i in range(len(likert))
    ]
    open_question = Question.objects.create(
        instrument=instrument, position=99, kind=Question.Kind.OPEN, text="What would you change?"
    )
    closes = datetime.datetime.combine(closes_on, datetime.time(17, 0), tzinfo=zone)
    survey = Survey.objects.create(
        group=group,
        instrument=instrument,
        title=f"Survey closing {closes_on}",
        opens_at=closes - datetime.timedelta(days=14),
        closes_at=closes,
        min_answers=3,
    )
    for person in invited:
        digest = hashlib.sha256(f"{survey.pk}-{person.pk}".encode()).hexdigest()
        Invitation.objects.create(survey=survey, person=person, token_hash=digest, answered=True)
    answers = max((len(values) for values in likert), default=0)
    for index in range(answers):
        response = Response.objects.create(survey=survey)
        for question, values in zip(questions, likert, strict=True):
            if index < len(values):
                Answer.objects.create(response=response, question=question, scale=values[index])
        if index < transcripts:
            answer = Answer.objects.create(response=response, question=open_question, text="raw")
            Transcript.objects.create(answer=answer, text="De-identified answer.", approved=True)
    return survey


def categories(program: Program) -> dict[str, Category]:
    names = ["Balint process", "Professional development", "Group process"]
    return {
        name: Category.objects.get_or_create(program=program, name=name, defaults={"position": i})[0]
        for i, name in enumerate(names)
    }


def theme(program: Program, name: str, category: Category | None, colour: str = "#2f6f73") -> Theme:
    return Theme.objects.create(program=program, name=name, category=category, colour=colour)


def source(
    program: Program,
    group: Group | None,
    day: datetime.date,
    text: str,
    kind: str = Source.Kind.SESSION_NOTE,
    deidentified: bool = True,
) -> Source:
    return Source.objects.create(
        program=program,
        group=group,
        date=day,
        text=text,
        kind=kind,
        title=f"Note {day}",
        deidentified=deidentified,
    )


def code(src: Source, theme_: Theme, coder: Person, phrase: str, perspective: str = "") -> Coding:
    start = src.text.index(phrase)
    return Coding.objects.create(
        source=src,
        theme=theme_,
        coder=coder,
        start=start,
        end=start + len(phrase),
        quote=phrase,
        perspective=perspective,
    )
