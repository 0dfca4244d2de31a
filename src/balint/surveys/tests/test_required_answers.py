"""“An answer is required” is honoured: a clear message beside the question, nothing stored until answered."""

import re

from django.urls import reverse

from balint.surveys.models import Answer, Invitation, Response


def test_a_missing_required_answer_is_shown_beside_its_question_and_nothing_is_stored(client, world, survey):
    required, optional = list(survey.instrument.questions.all()[:2])
    required.required = True
    required.save()
    invitation = Invitation.objects.filter(survey=survey).first()
    client.force_login(invitation.person.user)
    url = reverse("surveys:answer", args=[survey.code])
    page = client.get(url).content.decode()
    assert f"{required.text} (required)" in page and f"{optional.text} (required)" not in page
    field = f"q_{required.code}"
    other = f"q_{optional.code}"
    response = client.post(url, {other: "1" if optional.kind != "open" else "Fine."})
    assert response.status_code == 422
    html = response.content.decode()
    # The message sits in the required question's own field block, not only at the top.
    block = html[html.index(f'id="id_{field}') :]
    block = block[: block.index('<div class="field">')] if '<div class="field">' in block else block
    assert "An answer is required." in block
    assert not Response.objects.filter(survey=survey).exists() and not Answer.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered  # the resident can still answer


def test_optional_questions_may_still_be_left_out(client, world, survey):
    questions = list(survey.instrument.questions.all())
    assert not any(q.required for q in questions)
    invitation = Invitation.objects.filter(survey=survey).first()
    client.force_login(invitation.person.user)
    first = questions[0]
    value = "Useful." if first.kind == "open" else "1"
    response = client.post(reverse("surveys:answer", args=[survey.code]), {f"q_{first.code}": value})
    assert response.status_code == 302
    assert re.search(r"/thanks/?$", response["Location"]) or "thanks" in response["Location"]


def test_a_resident_who_reads_german_is_told_in_german(client, world, survey):
    required, optional = list(survey.instrument.questions.all()[:2])
    required.required = True
    required.save()
    invitation = Invitation.objects.filter(survey=survey).first()
    invitation.person.language = "de"  # the person's own language setting, whatever the browser says
    invitation.person.save(update_fields=["language"])
    client.force_login(invitation.person.user)
    url = reverse("surveys:answer", args=[survey.code])
    assert f"{required.text} (erforderlich)" in client.get(url).content.decode()
    other = f"q_{optional.code}"
    response = client.post(url, {other: "1" if optional.kind != "open" else "Gut."})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Eine Antwort ist erforderlich." in html and "An answer is required." not in html
