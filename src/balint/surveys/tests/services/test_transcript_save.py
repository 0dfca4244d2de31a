import pytest

from balint.core.errors import ApplicationError
from balint.programs.models import Role
from balint.programs.services import membership_grant
from balint.surveys import services
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db


def _open_answer():
    return Answer.objects.filter(question__kind=Question.Kind.OPEN).first()


def test_it_saves_a_draft_then_approves_it(world, survey):
    answer(survey, world.resident, text="Dr Kim said I was late")
    target = _open_answer()

    services.transcript_save(
        answer=target, transcriber=world.transcriber, text="[NAME] said I was late", approve=False
    )
    services.transcript_save(
        answer=target, transcriber=world.transcriber, text="Someone said I was late", approve=True
    )

    transcript = Transcript.objects.get()
    assert transcript.approved and transcript.text == "Someone said I was late"


def test_it_refuses_a_leader_of_the_group_even_with_the_transcriber_role(world, survey):
    membership_grant(program=world.program, person=world.leader, role=Role.TRANSCRIBER)
    answer(survey, world.resident)

    with pytest.raises(ApplicationError, match="own group"):
        services.transcript_save(answer=_open_answer(), transcriber=world.leader, text="x", approve=True)
    assert not Transcript.objects.exists()


def test_it_refuses_to_approve_an_empty_transcript(world, survey):
    answer(survey, world.resident)
    with pytest.raises(ApplicationError):
        services.transcript_save(answer=_open_answer(), transcriber=world.transcriber, text=" ", approve=True)
