"""The transcriber's save goes through the screening step: nothing is stored while a span is undecided."""

import re

import pytest
from django.urls import reverse

from balint.privacy.models import AuditEvent, ScreeningKeep
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db

TEXT = "Dr. Alvarez called 555-123-4567"


@pytest.fixture
def target(world, survey):
    answer(survey, world.resident, text="Dr. Alvarez called me at home.")
    return Answer.objects.filter(question__kind=Question.Kind.OPEN).first()


def _url(target) -> str:
    return reverse("surveys:transcribe", args=[target.id])


def _choices(page: str) -> list[str]:
    """The radio names the page offers, one per marked span."""
    return sorted(set(re.findall(r'name="(screening-text-[^"]+?)" value="replace"', page)))


@pytest.mark.parametrize("approve", [True, False])
def test_it_stores_nothing_while_a_span_is_undecided(client, world, target, approve):
    client.force_login(world.transcriber.user)
    data = {"text": TEXT, **({"approve": "on"} if approve else {})}

    response = client.post(_url(target), data)

    assert response.status_code == 422
    page = response.content.decode()
    assert "Possible identifiers" in page and "2 possible identifiers marked below" in page
    assert len(_choices(page)) == 2
    assert not Transcript.objects.exists() and not ScreeningKeep.objects.exists()


def test_it_stores_placeholders_when_the_transcriber_replaces(client, world, target):
    client.force_login(world.transcriber.user)
    names = _choices(client.post(_url(target), {"text": TEXT, "approve": "on"}).content.decode())

    response = client.post(_url(target), {"text": TEXT, "approve": "on", **dict.fromkeys(names, "replace")})

    assert response.status_code == 302
    transcript = Transcript.objects.get(answer=target)
    assert transcript.approved and transcript.text == "Dr. [NAME] called [PHONE]"
    assert not ScreeningKeep.objects.exists()


def test_it_stores_a_kept_span_only_with_a_recorded_reason(client, world, target):
    client.force_login(world.transcriber.user)
    names = _choices(client.post(_url(target), {"text": TEXT}).content.decode())
    phone = next(n for n in names if "phone" in n)
    name = next(n for n in names if "name" in n)
    decided = {"text": TEXT, name: "replace", phone: "keep"}

    without_reason = client.post(_url(target), decided)
    assert (
        without_reason.status_code == 422
        and "Say why this should be kept." in without_reason.content.decode()
    )
    assert not Transcript.objects.exists() and not ScreeningKeep.objects.exists()

    response = client.post(_url(target), {**decided, f"{phone}-reason": "The clinic's public switchboard"})

    assert response.status_code == 302
    transcript = Transcript.objects.get(answer=target)
    assert transcript.text == "Dr. [NAME] called 555-123-4567" and not transcript.approved
    keep = ScreeningKeep.objects.get()
    assert (keep.kind, keep.reason, keep.person) == (
        "PHONE",
        "The clinic's public switchboard",
        world.transcriber,
    )
    assert keep.where == "surveys.Transcript.text"  # the model, never the answer
    assert str(target.id) not in keep.where
    assert AuditEvent.objects.filter(object_type="screening", object_code="surveys.Transcript.text").exists()


def test_it_screens_the_edited_text_afresh(client, world, target):
    client.force_login(world.transcriber.user)
    names = _choices(client.post(_url(target), {"text": TEXT}).content.decode())
    edited = "Dr. Alvarez called me"  # the phone number edited away; the name still needs a decision

    response = client.post(_url(target), {"text": edited, **dict.fromkeys(names, "replace")})

    assert response.status_code == 302
    assert Transcript.objects.get(answer=target).text == "Dr. [NAME] called me"


def test_it_saves_the_prepared_draft_without_new_decisions(client, world, target):
    client.force_login(world.transcriber.user)
    page = client.get(_url(target))
    draft = page.context["form"].initial["text"]
    assert draft == "Dr. [NAME] called me at home."  # the marks are already replaced in the draft

    response = client.post(_url(target), {"text": draft, "approve": "on"})

    assert response.status_code == 302 and Transcript.objects.get(answer=target).text == draft


def test_the_first_draft_masks_a_group_members_name_in_any_case_by_the_one_name_rule(client, world, survey):
    first, last = world.other_resident.full_name.split()[:2]  # "Remy Resident"
    answer(survey, world.resident, text=f"I argued with {first.lower()} and then {last.upper()} left early.")
    target = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
    client.force_login(world.transcriber.user)
    response = client.get(_url(target))
    assert response.status_code == 200
    draft = response.context["form"].initial["text"]
    assert draft == "I argued with [NAME] and then [NAME] left early."
