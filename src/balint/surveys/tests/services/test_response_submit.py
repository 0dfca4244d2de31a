import datetime

import pytest
import time_machine
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.surveys import services
from balint.surveys.models import Answer, Instrument, Invitation, Question, Response
from balint.surveys.services import AnswerValue
from balint.surveys.tests.factories import make_instrument, make_survey, values_for

pytestmark = pytest.mark.django_db


def _invitation(survey, person):
    return Invitation.objects.get(survey=survey, person=person)


def test_it_stores_one_response_and_marks_the_invitation(world, survey):
    services.response_submit(invitation=_invitation(survey, world.resident), values=values_for(survey))

    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.count() == survey.instrument.questions.count()
    assert _invitation(survey, world.resident).answered
    assert not _invitation(survey, world.other_resident).answered


def test_it_refuses_a_second_submission_and_keeps_the_first(world, survey):
    invitation = _invitation(survey, world.resident)
    services.response_submit(invitation=invitation, values=values_for(survey, text="first"))

    with pytest.raises(ApplicationError, match="already answered"):
        services.response_submit(invitation=invitation, values=values_for(survey, text="second"))

    assert Response.objects.count() == 1
    assert {a.text for a in Answer.objects.all()} - {""} == {"first"}


def test_it_refuses_a_closed_or_not_yet_open_survey(world):
    closed = make_survey(world.group, opens_in_days=-1, closes_in_days=1)
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=2)),
        pytest.raises(ApplicationError, match="closed"),
    ):
        services.response_submit(invitation=_invitation(closed, world.resident), values=values_for(closed))
    later = make_survey(world.group, opens_in_days=3, closes_in_days=10)
    with pytest.raises(ApplicationError, match="not open yet"):
        services.response_submit(invitation=_invitation(later, world.resident), values=values_for(later))
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(answered=True).exists()


def test_it_refuses_a_question_from_another_instrument_and_saves_nothing(world, survey):
    other = make_instrument(world.program, Instrument.Kind.PULSE).questions.first()
    values = [*values_for(survey), AnswerValue(question=other, scale=3)]

    with pytest.raises(ApplicationError, match="not in this survey"):
        services.response_submit(invitation=_invitation(survey, world.resident), values=values)

    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not _invitation(survey, world.resident).answered


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": Question.Kind.LIKERT, "scale": 6},
        {"kind": Question.Kind.LIKERT, "scale": 0},
        {"kind": Question.Kind.SINGLE, "options": (0, 1)},
        {"kind": Question.Kind.MULTIPLE, "options": (9,)},
        {"kind": Question.Kind.MULTIPLE, "options": (1, 1)},
        {"kind": Question.Kind.OPEN, "text": "x" * 10_001},
        {"kind": Question.Kind.OPEN, "text": "   "},
    ],
)
def test_it_refuses_a_malformed_value_and_saves_nothing(world, survey, bad):
    kind = bad.pop("kind")
    values = values_for(survey)
    index = next(i for i, value in enumerate(values) if value.question.kind == kind)
    values[index] = AnswerValue(question=values[index].question, **bad)

    with pytest.raises(ApplicationError):
        services.response_submit(invitation=_invitation(survey, world.resident), values=values)

    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not _invitation(survey, world.resident).answered


def test_it_requires_required_questions(world, survey):
    question = survey.instrument.questions.get(position=1)
    question.required = True
    question.save()
    values = [v for v in values_for(survey) if v.question.pk != question.pk]

    with pytest.raises(ApplicationError, match="required"):
        services.response_submit(invitation=_invitation(survey, world.resident), values=values)
    assert not Response.objects.exists()


def test_it_keeps_transcripts_attached_when_answers_are_re_stored(world, survey):
    services.response_submit(
        invitation=_invitation(survey, world.resident), values=values_for(survey, text="one")
    )
    first = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
    services.transcript_save(
        answer=first, transcriber=world.transcriber, text="one (transcribed)", approve=True
    )

    services.response_submit(invitation=_invitation(survey, world.other_resident), values=values_for(survey))

    first.refresh_from_db()
    assert first.transcript.text == "one (transcribed)"
    assert Response.objects.count() == 2
