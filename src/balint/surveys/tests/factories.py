"""Survey test data built on the root conftest's World: an instrument, an open survey, answers."""

import datetime

from django.utils import timezone

from balint.surveys import services
from balint.surveys.models import Instrument, Invitation, Question, Survey
from balint.surveys.services import AnswerValue


def make_instrument(program, kind: str = Instrument.Kind.END_OF_PROGRAM) -> Instrument:
    return services.instrument_create_ready_made(program=program, kind=kind)


def make_survey(
    group,
    instrument=None,
    *,
    min_answers: int = 3,
    opens_in_days: int = -1,
    closes_in_days: int = 13,
    notify: bool = False,
) -> Survey:
    instrument = instrument or make_instrument(group.program)
    now = timezone.now()
    return services.survey_open(
        group=group,
        instrument=instrument,
        title="End of year",
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=now + datetime.timedelta(days=closes_in_days),
        min_answers=min_answers,
        notify=notify,
    )


def add_members(group, count: int, start: int = 0) -> list:
    """Extra residents in the group (for thresholds above two)."""
    from conftest import make_person

    from balint.programs.models import Role

    people = []
    for index in range(start, start + count):
        person = make_person(group.program, f"extra{index}", Role.RESIDENT, f"Extra Resident {index}")
        group.members.add(person)
        people.append(person)
    return people


def invite(survey: Survey, person) -> Invitation:
    """An invitation for a person who joined the group after the survey opened (tests only)."""
    invitation = Invitation(survey=survey, person=person)
    invitation.token_hash = services.token_hash(services.invitation_token(invitation))
    invitation.save()
    return invitation


def values_for(
    survey: Survey, text: str = "It helps me think about patients.", scale: int = 4
) -> list[AnswerValue]:
    """One answer to every question of the survey."""
    values = []
    for question in survey.instrument.questions.all():
        if question.kind == Question.Kind.OPEN:
            values.append(AnswerValue(question=question, text=text))
        elif question.kind == Question.Kind.LIKERT:
            values.append(AnswerValue(question=question, scale=scale))
        elif question.kind == Question.Kind.SINGLE:
            values.append(AnswerValue(question=question, options=(0,)))
        else:
            values.append(AnswerValue(question=question, options=(0, 2)))
    return values


def answer(survey: Survey, person, **kwargs) -> None:
    invitation = Invitation.objects.get(survey=survey, person=person)
    services.response_submit(invitation=invitation, values=values_for(survey, **kwargs))


def survey_world(world):
    """An open survey in the world's group with one answer (from the resident); cached on the world."""
    cached = getattr(world, "_survey", None)
    if cached is None:
        survey = make_survey(world.group)
        answer(survey, world.resident)
        world._survey = survey
        cached = survey
    return cached


def open_answer(world):
    survey = survey_world(world)
    from balint.surveys.models import Answer

    return Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN).first()


def other_resident_token(world) -> str:
    survey = survey_world(world)
    return services.invitation_token(Invitation.objects.get(survey=survey, person=world.other_resident))
