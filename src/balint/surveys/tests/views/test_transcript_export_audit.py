"""The survey's transcript export is audited like every export: who, which survey, which program; below the
threshold nothing is exported and nothing is recorded."""

import pytest
from django.urls import reverse

from balint.privacy.models import AuditEvent
from balint.surveys import services
from balint.surveys.models import Answer, Question
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db


def test_it_records_who_exported_which_survey_s_transcripts(client, world, survey):
    for person in list(survey.group.members.order_by("pk"))[:4]:
        answer(survey, person, text="Raw words")
    for a in Answer.objects.filter(question__kind=Question.Kind.OPEN):
        services.transcript_save(answer=a, transcriber=world.transcriber, text="Approved", approve=True)
    client.force_login(world.analyst.user)

    assert client.get(reverse("surveys:export", args=[survey.code, "xlsx"])).status_code == 200

    (event,) = AuditEvent.objects.filter(action="exported")
    assert (event.object_type, event.object_code, event.program, event.actor) == (
        "transcripts",
        str(survey.code),
        world.program,
        world.analyst,
    )
    assert "Raw words" not in event.detail and "Approved" not in event.detail


def test_it_records_nothing_below_the_threshold(client, world, survey):
    answer(survey, world.resident)
    client.force_login(world.leader.user)
    assert client.get(reverse("surveys:export", args=[survey.code, "csv"])).status_code == 302
    assert not AuditEvent.objects.filter(action="exported").exists()
