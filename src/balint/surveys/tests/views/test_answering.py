import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from balint.surveys import services
from balint.surveys.models import Answer, Invitation, Question, Response
from balint.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


def _form_data(survey, text="My honest answer"):
    data = {}
    for question in survey.instrument.questions.all():
        key = f"q_{question.code}"
        data[key] = {"open": text, "likert": "4", "single": "0", "multiple": ["0", "2"]}[question.kind]
    return data


def _link(survey, person):
    return reverse(
        "surveys:link", args=[services.invitation_token(Invitation.objects.get(survey=survey, person=person))]
    )


def test_it_lets_a_resident_answer_through_the_link_without_signing_in(client, world, survey):
    url = _link(survey, world.resident)
    page = client.get(url)
    assert page.status_code == 200 and b"This survey is anonymous" in page.content

    response = client.post(url, _form_data(survey))

    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks")
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__kind=Question.Kind.MULTIPLE).get().options == [0, 2]


def test_it_stores_one_answer_from_two_tabs_the_back_button_and_a_replayed_post(client, world, survey):
    url = _link(survey, world.resident)
    tab_one, tab_two = client.get(url), client.get(url)  # two tabs open the form
    assert tab_one.status_code == tab_two.status_code == 200

    assert client.post(url, _form_data(survey, "first tab")).status_code == 302
    second_tab = client.post(url, _form_data(survey, "second tab"))
    back_button = client.get(url)
    replayed = client.post(url, _form_data(survey, "first tab"))
    client.force_login(world.resident.user)
    signed_in = client.post(reverse("surveys:answer", args=[survey.code]), _form_data(survey, "signed in"))

    for page in (second_tab, back_button, replayed, signed_in):
        assert page.status_code == 410 and b"You have already answered" in page.content
    assert Response.objects.count() == 1
    assert {a.text for a in Answer.objects.all()} - {""} == {"first tab"}


def test_it_shows_a_clear_page_for_an_unknown_expired_or_early_link(client, world):
    assert b"This link does not work" in client.get(reverse("surveys:link", args=["not-a-token"])).content
    assert client.get(reverse("surveys:link", args=["x" * 300])).status_code == 404
    survey = make_survey(world.group, closes_in_days=1)
    url = _link(survey, world.resident)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        page = client.get(url)
        assert page.status_code == 410 and b"This survey has closed" in page.content
        posted = client.post(url, _form_data(survey))
        assert posted.status_code == 410
    early = make_survey(world.group, opens_in_days=2, closes_in_days=9)
    page = client.get(_link(early, world.resident))
    assert b"This survey is not open yet" in page.content
    assert not Response.objects.exists()


def test_it_rejects_a_forged_question_id_and_saves_nothing(client, world, survey):
    data = _form_data(survey)
    data["q_6f1c1c3e-0000-4000-8000-000000000000"] = "smuggled"

    page = client.post(_link(survey, world.resident), data)

    assert page.status_code == 422 and b"not in this survey" in page.content
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not Invitation.objects.filter(answered=True).exists()


@pytest.mark.parametrize(
    ("kind", "value"),
    [("likert", "9"), ("likert", "four"), ("single", "7"), ("multiple", ["0", "99"]), ("open", "x" * 10_001)],
)
def test_it_rejects_a_malformed_value_and_keeps_what_was_typed(client, world, survey, kind, value):
    data = _form_data(survey, "Kept in the form")
    question = survey.instrument.questions.filter(kind=kind).first()
    data[f"q_{question.code}"] = value

    page = client.post(_link(survey, world.resident), data)

    assert page.status_code == 422
    assert b"Kept in the form" in page.content or kind == "open"
    assert not Response.objects.exists() and not Invitation.objects.filter(answered=True).exists()


def test_it_refuses_an_empty_submission(client, world, survey):
    page = client.post(_link(survey, world.resident), {})
    assert page.status_code == 422 and not Response.objects.exists()


def test_it_refuses_a_signed_in_resident_who_was_not_invited(client, world, survey):
    Invitation.objects.filter(survey=survey, person=world.other_resident).delete()
    client.force_login(world.other_resident.user)
    assert client.get(reverse("surveys:answer", args=[survey.code])).status_code == 403
    client.force_login(world.outsider.user)
    assert client.get(reverse("surveys:answer", args=[survey.code])).status_code == 404


def test_it_shows_open_surveys_on_the_residents_home_page_until_answered(client, world, survey):
    client.force_login(world.resident.user)
    home = client.get(reverse("core:home"))
    assert survey.title.encode() in home.content
    assert reverse("surveys:answer", args=[survey.code]).encode() in home.content

    client.post(reverse("surveys:answer", args=[survey.code]), _form_data(survey))

    home = client.get(reverse("core:home"))
    assert b"No survey is waiting for you." in home.content
