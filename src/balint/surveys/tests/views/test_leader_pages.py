import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from balint.surveys import services
from balint.surveys.models import Answer, Question, Survey
from balint.surveys.tests.factories import answer, make_instrument

pytestmark = pytest.mark.django_db


def _answer_all(survey, count, text="Raw words of a resident"):
    for person in list(survey.group.members.order_by("pk"))[:count]:
        answer(survey, person, text=text)


def _approve_all(world, text="Approved transcript"):
    for a in Answer.objects.filter(question__kind=Question.Kind.OPEN):
        services.transcript_save(answer=a, transcriber=world.transcriber, text=text, approve=True)


def test_it_lets_a_leader_open_a_survey_for_the_group(client, world):
    instrument = make_instrument(world.program)
    client.force_login(world.leader.user)
    response = client.post(
        reverse("surveys:create", args=[world.group.code]),
        {
            "title": "Needs",
            "instrument": instrument.code,
            "opens_at": "2030-01-01T12:00",
            "closes_at": "2030-01-15T12:00",
            "min_answers": "5",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Needs")
    assert survey.opens_at.isoformat().startswith("2030-01-01T17:00")  # noon in New York
    assert survey.invitations.count() == 2


@pytest.mark.parametrize(
    "field,value",
    [
        ("min_answers", "2"),
        ("closes_at", "2029-12-01T12:00"),
        ("instrument", "00000000-0000-0000-0000-000000000000"),
    ],
)
def test_it_refuses_a_bad_survey_form_and_creates_nothing(client, world, field, value):
    instrument = make_instrument(world.program)
    client.force_login(world.leader.user)
    data = {
        "title": "Needs",
        "instrument": instrument.code,
        "opens_at": "2030-01-01T12:00",
        "closes_at": "2030-01-15T12:00",
        "min_answers": "5",
        field: value,
    }
    assert client.post(reverse("surveys:create", args=[world.group.code]), data).status_code == 422
    assert not Survey.objects.exists()


def test_it_shows_the_leader_counts_never_names(client, world, survey):
    answer(survey, world.resident)
    client.force_login(world.leader.user)

    page = client.get(reverse("surveys:detail", args=[survey.code])).content.decode()
    mail.outbox.clear()
    reminded = client.post(reverse("surveys:remind", args=[survey.code]), follow=True).content.decode()

    assert "Answered</dt><dd>1</dd>" in page
    for person in survey.group.members.all():
        assert person.full_name not in page and person.full_name not in reminded
    assert "A reminder went to the 9 residents" in reminded


def test_it_never_shows_raw_open_answers_to_leaders_or_analysts(client, world, survey):
    _answer_all(survey, 4)
    for persona in (world.leader, world.analyst, world.administrator):
        client.force_login(persona.user)
        for name in ("surveys:results", "surveys:detail"):
            assert b"Raw words of a resident" not in client.get(reverse(name, args=[survey.code])).content
        assert client.get(reverse("surveys:transcription", args=[world.program.slug])).status_code == 403
        raw = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
        assert client.get(reverse("surveys:transcribe", args=[raw.id])).status_code == 403
    client.force_login(world.leader.user)
    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()
    assert "4 answers still with the transcriber" in page


def test_it_shows_likert_charts_choice_counts_and_approved_transcripts(client, world, survey):
    _answer_all(survey, 4)
    _approve_all(world)
    client.force_login(world.leader.user)

    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()

    assert "<script>" not in page.replace('<script id="survey-charts" type="application/json">', "")
    data = json.loads(
        page.split('<script id="survey-charts" type="application/json">')[1].split("</script>")[0]
    )
    assert len(data) == 5 and data[0]["counts"] == [0, 0, 0, 4, 0]
    assert "vendor/chartjs/chart.umd.min.js" in page and "surveys/surveys.js" in page
    assert "Approved transcript" in page and "Raw words of a resident" not in page
    assert "Almost every session" in page


def test_it_exports_approved_transcripts_only_as_csv_and_xlsx(client, world, survey):
    _answer_all(survey, 4)
    _approve_all(world, text="=HYPERLINK(1) approved")
    draft = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
    services.transcript_save(answer=draft, transcriber=world.transcriber, text="Draft only", approve=False)
    client.force_login(world.analyst.user)

    csv_text = client.get(reverse("surveys:export", args=[survey.code, "csv"])).content.decode("utf-8-sig")
    xlsx = client.get(reverse("surveys:export", args=[survey.code, "xlsx"]))

    lines = csv_text.strip().splitlines()
    assert lines[0] == "question number,question,transcript" and len(lines) == 1 + 4 * 2 - 1
    assert "Draft only" not in csv_text and "Raw words" not in csv_text
    assert "'=HYPERLINK(1) approved" in csv_text
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("question number", "question", "transcript") and len(rows) == len(lines)


def test_it_refuses_exports_below_the_threshold(client, world, survey):
    answer(survey, world.resident)
    client.force_login(world.leader.user)
    response = client.get(reverse("surveys:export", args=[survey.code, "csv"]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "surveys:results", args=[survey.code]
    )


def test_it_pins_the_query_count_of_the_survey_list(client, world, django_assert_max_num_queries):
    from balint.surveys.tests.factories import make_survey

    for _ in range(6):
        make_survey(world.group)
    client.force_login(world.leader.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("surveys:list", args=[world.program.slug]))
    assert page.content.count(b"End of year") == 6
