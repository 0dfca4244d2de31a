"""Survey journeys: a resident answers through a one-time link, the transcriber transcribes, and the
leader sees results only once the threshold is reached."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.surveys import services
from balint.surveys.models import Invitation, Transcript
from balint.surveys.tests.factories import add_members, answer, make_instrument, make_survey
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_carries_an_answer_from_link_to_transcript_to_results(page, world):
    add_members(world.group, 3)
    survey = make_survey(world.group, make_instrument(world.program, "pulse"), min_answers=3)
    others = [p for p in survey.group.members.order_by("pk") if p.pk != world.resident.pk]
    answer(survey, others[0], text="Hearing the others helped me.")
    link = reverse(
        "surveys:link",
        args=[services.invitation_token(Invitation.objects.get(survey=survey, person=world.resident))],
    )

    # The leader sees a count and a hidden-results notice, never answers.
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("surveys:results", args=[survey.code]))
    page.get_by_role("heading", name="Results are hidden").wait_for()
    page.context.clear_cookies()

    # The resident answers through the one-time link, without signing in.
    page.goto(link)
    page.get_by_text("This survey is anonymous").wait_for()
    page.get_by_role("radio", name="Agree", exact=True).first.check()
    page.get_by_label("3. One thing you will take").fill("Rita Resident wants to ask Dr Lee about refills.")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    page.go_back()  # the back button does not open a second answer
    page.reload()
    page.get_by_role("heading", name="You have already answered").wait_for()

    # Still below the threshold for the leader (two answers of three).
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("surveys:results", args=[survey.code]))
    page.get_by_role("heading", name="Results are hidden").wait_for()
    page.context.clear_cookies()
    answer(survey, others[1], text="I will try asking what the patient expects.")

    # The transcriber de-identifies the marked answer and approves each transcript.
    sign_in(page, world.transcriber.user.username, PASSWORD)
    page.get_by_role("link", name="Transcription queue").click()
    page.get_by_role("heading", name="Transcription queue").wait_for()
    page.get_by_role("link", name="Rita Resident wants").click()
    assert page.locator("mark").count() >= 1
    page.get_by_label("Transcript").fill("A resident wants to ask Dr. Alvarez about refills.")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Save").click()
    # The screening step: nothing is stored until the marked name is decided.
    page.get_by_role("heading", name="Possible identifiers").wait_for()
    assert not Transcript.objects.exists()
    page.get_by_role("button", name="Replace every undecided span").click()
    page.get_by_role("button", name="Save").click()
    while page.get_by_role("heading", name="Transcribe an answer").count():
        page.get_by_label("Approved").check()
        page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Transcription queue").wait_for()
    page.context.clear_cookies()

    # Now three answers: the leader sees the chart and the approved transcripts only.
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("surveys:results", args=[survey.code]))
    page.get_by_text("A resident wants to ask Dr. [NAME] about refills.").wait_for()
    assert page.get_by_text("Rita Resident wants").count() == 0 and page.get_by_text("Alvarez").count() == 0
    assert page.locator("canvas#chart-1").is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-1'))")
