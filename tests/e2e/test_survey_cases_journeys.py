"""Survey material as cases (issue #22): the leader sends a survey's approved transcripts to the analysis and
finds one source per question, each answer a passage of an anonymous respondent, never a resident's name."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.surveys import services
from balint.surveys.models import Answer, Question
from balint.surveys.tests.factories import add_members, answer, make_survey
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_sends_a_survey_to_the_analysis_as_respondent_cases(page, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 5
    add_members(world.group, 3)
    survey = make_survey(world.group)
    residents = list(survey.group.members.order_by("pk"))[:3]
    for index, person in enumerate(residents):
        answer(survey, person, text=f"Answer {index}")
    opens = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN)
    for item in opens:
        services.transcript_save(
            answer=item,
            transcriber=world.transcriber,
            text=f"Respondent said thing {item.pk} about question {item.question.position}.",
            approve=True,
        )
    questions = opens.values("question").distinct().count()

    page.set_default_timeout(30_000)  # the first page of a run waits for the server's first imports
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("surveys:results", args=[survey.code]))
    page.get_by_role("button", name="Send approved transcripts to the analysis").click()
    page.get_by_text(f"{opens.count()} transcripts added to the analysis workspace").wait_for()

    # One source per question, titled by the survey and the question's number
    page.goto(reverse("coding:sources", args=[world.program.slug]))
    links = page.get_by_role("link", name=f"{survey.title}, question")
    assert links.count() == questions
    links.first.click()
    page.get_by_text("Respondent said thing").first.wait_for()

    # The cases grid: one anonymous respondent per response, no resident named
    page.get_by_role("link", name="Attributes", exact=True).click()
    grid = page.locator("table").first
    grid.get_by_text(f"{survey.title}, respondent").first.wait_for()
    assert grid.get_by_text(f"{survey.title}, respondent").count() == len(residents)
    text = grid.inner_text()
    assert not any(person.full_name in text for person in residents)

    # The matrix counts those cases by source kind: three respondents are fewer than k, so even the column's
    # size reads "<k", and no name appears
    page.get_by_role("link", name="Matrix", exact=True).click()
    page.get_by_label("Columns").select_option(label="Source kind")
    page.get_by_role("button", name="Filter").click()
    header = page.locator("table.attribute-matrix thead")
    header.get_by_text("Survey respondent").wait_for()
    k = settings.BALINT_REPORT_MIN_CELL
    assert len(residents) < k and f"<{k} cases" in header.inner_text()
    assert f"{len(residents)} cases" not in header.inner_text()
    assert not any(person.full_name in page.content() for person in residents)
