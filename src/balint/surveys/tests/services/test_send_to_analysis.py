import pytest

from balint.coding.models import Source
from balint.core.errors import ApplicationError
from balint.surveys import services
from balint.surveys.models import Answer, Question
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db


def test_it_sends_approved_transcripts_once_and_only_above_the_threshold(world, survey):
    members = list(survey.group.members.order_by("pk"))
    answer(survey, members[0], text="First")
    with pytest.raises(ApplicationError, match="enough residents"):
        services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    for person in members[1:3]:
        answer(survey, person, text="More")
    opens = list(Answer.objects.filter(question__kind=Question.Kind.OPEN))
    for item in opens[:-1]:
        services.transcript_save(answer=item, transcriber=world.transcriber, text="Clean words", approve=True)
    services.transcript_save(answer=opens[-1], transcriber=world.transcriber, text="Draft", approve=False)

    added = services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    again = services.transcripts_send_to_analysis(survey=survey, sent_by=world.analyst)

    assert added == len(opens) - 1 and again == 0
    sources = Source.objects.filter(program=world.program, kind=Source.Kind.TRANSCRIPT)
    assert sources.count() == added
    assert set(sources.values_list("text", flat=True)) == {"Clean words"}
    assert not {s.text for s in sources} & {"First", "More", "Draft"}  # Python: the text may be encrypted
