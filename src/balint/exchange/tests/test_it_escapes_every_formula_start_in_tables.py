"""Every way a cell could start a formula, put where residents write (a poll proposal, an answer's
transcript) and downloaded through the real table URLs as the leader: a leading tab, a full-width `＝`,
leading spaces, `@SUM`, `+cmd`, a control character, and a long run of invisible characters of more than
one kind before `=` (the check looked only at the first 64 characters for which characters to skip)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from balint.meetings.models import Proposal
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import add_members, answer, make_survey

PAYLOADS = [
    "\t=HYPERLINK(1)",
    "\uff1dHYPERLINK(1)",
    "   =HYPERLINK(1)",
    "@SUM(HYPERLINK(1))",
    "+cmd|' /C calc'!A0 HYPERLINK(1)",
    "\x1b=HYPERLINK(1)",
    "\u200b" * 64 + "\u2060=HYPERLINK(1)",
    " " * 70 + "\ufeff=HYPERLINK(1)",
]


def _starts_formula(text: str) -> bool:
    visible = text
    while visible and (visible[0].isspace() or visible[0] in "\u200b\u2060\ufeff"):
        visible = visible[1:]
    return visible.startswith(
        ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
    ) or text.startswith(("\t", "\r"))


@pytest.fixture
def hostile(world):
    for payload in PAYLOADS:
        Proposal.objects.create(
            meeting=world.past_meeting, author=world.resident, focus="balint_case", title=payload
        )
    (extra,) = add_members(world.group, 1)
    survey = make_survey(world.group, min_answers=3)
    for person in (world.resident, world.other_resident, extra):
        answer(survey, person, text="an answer")
    opens = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN)
    for open_answer, payload in zip(opens, PAYLOADS, strict=False):
        Transcript.objects.create(answer=open_answer, text=payload, approved=True)
    return survey


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        return [cell for row in rows for cell in row]
    book = load_workbook(io.BytesIO(response.getvalue()))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    return [str(c.value) for c in cells if c.value is not None]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("key", ["polls", "transcripts"])
def test_it_escapes_every_formula_start_in_the_tables(client, world, hostile, key, extension):
    client.force_login(world.leader.user)
    texts = _texts(client.get(reverse("exchange:table", args=[world.program.slug, key, extension])))
    found = [t for t in texts if "HYPERLINK" in t]
    assert len(found) >= (len(PAYLOADS) if key == "polls" else 3)
    for text in found:
        assert not _starts_formula(text), repr(text)
