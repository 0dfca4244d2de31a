import pytest
from django.urls import reverse

from balint.programs.models import Role
from balint.programs.services import membership_grant
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db


def _open_answer():
    return Answer.objects.filter(question__kind=Question.Kind.OPEN).first()


def test_it_shows_the_transcriber_the_raw_answer_with_identifiers_marked(client, world, survey):
    answer(survey, world.resident, text="Rita Resident told Dr Lee Leader about the clinic on 12/03/2025.")
    client.force_login(world.transcriber.user)

    page = client.get(reverse("surveys:transcribe", args=[_open_answer().id])).content.decode()

    assert "<mark" in page and "told" in page
    assert "[NAME]" in page  # the draft transcript replaces marked pieces


def test_it_saves_and_approves_a_transcript_and_moves_to_the_next(client, world, survey):
    answer(survey, world.resident)
    target = _open_answer()
    client.force_login(world.transcriber.user)

    response = client.post(
        reverse("surveys:transcribe", args=[target.id]), {"text": "Clean", "approve": "on"}
    )

    assert response.status_code == 302 and "/transcribe/" in response["Location"]
    assert Transcript.objects.get(answer=target).approved


def test_it_refuses_an_empty_approved_transcript(client, world, survey):
    answer(survey, world.resident)
    client.force_login(world.transcriber.user)
    page = client.post(reverse("surveys:transcribe", args=[_open_answer().id]), {"text": "", "approve": "on"})
    assert page.status_code == 422 and not Transcript.objects.exists()


def test_it_keeps_a_leader_with_the_transcriber_role_away_from_their_own_group(client, world, survey):
    membership_grant(program=world.program, person=world.leader, role=Role.TRANSCRIBER)
    answer(survey, world.resident)
    client.force_login(world.leader.user)

    assert client.get(reverse("surveys:transcribe", args=[_open_answer().id])).status_code == 403
    queue = client.get(reverse("surveys:transcription", args=[world.program.slug]))
    assert queue.status_code == 200 and b"It helps me think" not in queue.content


def test_it_shows_the_transcriber_nothing_else_of_the_program(client, world, survey):
    client.force_login(world.transcriber.user)
    for url in (
        reverse("programs:detail", args=[world.program.slug]),
        reverse("programs:people", args=[world.program.slug]),
        reverse("programs:group", args=[world.group.code]),
        reverse("meetings:detail", args=[world.past_meeting.code]),
        reverse("surveys:list", args=[world.program.slug]),
        reverse("surveys:results", args=[survey.code]),
        reverse("surveys:detail", args=[survey.code]),
        reverse("surveys:instruments", args=[world.program.slug]),
    ):
        assert client.get(url).status_code == 403, url
    home = client.get(reverse("core:home")).content.decode()
    assert "Transcription queue" in home and world.resident.full_name not in home


def test_it_pins_the_query_count_of_the_queue(client, world, survey, django_assert_max_num_queries):
    for person in survey.group.members.all():
        answer(survey, person)
    client.force_login(world.transcriber.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("surveys:transcription", args=[world.program.slug]))
    assert page.content.count(b"/transcribe/") == 2 * survey.group.members.count()
