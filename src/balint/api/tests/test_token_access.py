"""The access matrix for tokens: a token from one program reads nothing of another; a resident's token reads
no notes, no raw answers and no one else's attendance; every GET of the schema is walked with every role."""

import re

import pytest

from balint.api.v1 import api
from balint.coding.tests.factories import code, make_source, make_theme
from balint.meetings.models import Attendance, MeetingNote
from balint.surveys import services as survey_services
from balint.surveys.models import Answer, Invitation, Question
from balint.surveys.tests.factories import add_members, answer, make_survey

from .conftest import api_get

RAW = "My attending Dr Zebulon Quartz humiliated me"  # a raw open answer: only the transcriber may read it
TRANSCRIPT = "My attending [NAME] humiliated me, approved"
NOTE = "The group explored frustration."  # the root world's note of the past session
OUTSIDER_NOTE = "Hillcrest secret note."
PERSONAS = ("administrator", "leader", "resident", "transcriber", "analyst", "outsider")


@pytest.fixture
def rich(world):
    """Answers past the threshold (one raw, one transcribed and approved), analysis in both programs."""
    add_members(world.group, 3)
    survey = make_survey(world.group, min_answers=3)
    invited = list(Invitation.objects.filter(survey=survey).select_related("person"))
    for n, invitation in enumerate(invited[:4]):
        answer(survey, invitation.person, text=RAW if n == 0 else f"It helps me think, says resident {n}.")
    approved = next(
        a
        for a in Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN)
        if a.text.startswith("It helps")  # the text is encrypted: filtered in Python
    )
    survey_services.transcript_save(
        answer=approved, transcriber=world.transcriber, text=TRANSCRIPT, approve=True
    )
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Resident's feelings")
    code(source, world.leader, theme, 0, 20)
    other_source = make_source(world.other_program, text="Hillcrest source text about boundaries.")
    other_theme = make_theme(world.other_program, "Hillcrest theme")
    code(other_source, world.outsider, other_theme, 0, 9)
    return {"survey": survey, "source": source, "other_source": other_source}


def _paths(world, rich, program, group, meeting, survey, source) -> list[str]:
    """Every GET path of the schema, filled with the given objects (tables with each key)."""
    values = {
        "/programs/{slug}": program.slug,
        "/groups/{code}": group.code,
        "/sessions/{code}": meeting.code,
        "/surveys/{code}": survey.code if survey else "00000000-0000-0000-0000-000000000000",
        "/sources/{code}": source.code,
    }
    paths = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        if "get" not in methods:
            continue
        path = path.removeprefix("/api/v1")
        for prefix, value in values.items():
            if path.startswith(prefix):
                path = path.replace(prefix.split("/")[-1], str(value), 1)
        if "{key}" in path:
            paths += [path.replace("{key}", key) for key in ("codings", "attendance", "polls", "transcripts")]
        else:
            paths.append(path)
    assert not any("{" in p for p in paths), paths
    return paths


def _text(response) -> str:
    return response.getvalue().decode("utf-8", errors="replace") if response.status_code == 200 else ""


def _zip_text(response) -> str:
    if response.get("Content-Type") == "application/zip":
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return _text(response)


def test_a_token_from_another_program_reads_nothing_of_this_one(client, world, rich, token_for):
    token = token_for(world.outsider)  # leader, administrator and analyst of Hillcrest
    paths = _paths(
        world, rich, world.program, world.group, world.past_meeting, rich["survey"], rich["source"]
    )
    for path in paths:
        if path in ("/me", "/programs"):
            continue
        response = api_get(client, path, token)
        assert response.status_code in (403, 404), (path, response.status_code)
    listing = api_get(client, "/programs", token).json()
    assert [p["slug"] for p in listing["items"]] == ["hillcrest"]


def test_a_token_of_this_program_reads_nothing_of_another(client, world, rich, token_for):
    outsider_survey = None
    paths = _paths(
        world,
        rich,
        world.other_program,
        world.outsider_group,
        world.outsider_meeting,
        outsider_survey,
        rich["other_source"],
    )
    for persona in ("administrator", "leader", "analyst"):
        token = token_for(world.persona(persona))
        for path in paths:
            if path in ("/me", "/programs"):
                continue
            response = api_get(client, path, token)
            assert response.status_code in (403, 404), (persona, path, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_token_reads_a_raw_answer_and_only_the_groups_leaders_read_notes(
    client, world, rich, token_for, persona
):
    token = token_for(world.persona(persona))
    paths = _paths(
        world, rich, world.program, world.group, world.past_meeting, rich["survey"], rich["source"]
    )
    for path in paths:
        body = _zip_text(api_get(client, path, token))
        assert "Zebulon" not in body and "Quartz" not in body, (persona, path)
        assert OUTSIDER_NOTE not in body, (persona, path)
        if persona != "leader":
            assert NOTE not in body, (persona, path)


def test_a_residents_token_reads_no_notes_no_results_no_analysis(client, world, rich, token_for):
    token = token_for(world.resident)
    forbidden = [
        f"/sessions/{world.past_meeting.code}/notes",
        f"/sessions/{world.past_meeting.code}/attendance",
        f"/surveys/{rich['survey'].code}/results",
        f"/programs/{world.program.slug}/surveys",
        f"/programs/{world.program.slug}/sources",
        f"/sources/{rich['source'].code}",
        f"/programs/{world.program.slug}/codebook",
        f"/programs/{world.program.slug}/codings",
        f"/programs/{world.program.slug}/people",
        f"/programs/{world.program.slug}/exports/qdpx",
        *(
            f"/programs/{world.program.slug}/tables/{key}.csv"
            for key in ("codings", "attendance", "polls", "transcripts")
        ),
    ]
    for path in forbidden:
        response = api_get(client, path, token)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert set(response.json()) == {"message", "extra"}


def test_a_residents_token_reads_only_their_own_attendance(client, world, token_for):
    response = api_get(client, f"/groups/{world.group.code}/attendance", token_for(world.resident))
    assert response.status_code == 200
    marks = response.json()["items"]
    assert [m["person"]["full_name"] for m in marks] == [world.resident.full_name]
    leader_view = api_get(client, f"/groups/{world.group.code}/attendance", token_for(world.leader)).json()
    assert {m["person"]["full_name"] for m in leader_view["items"]} == {
        world.resident.full_name,
        world.other_resident.full_name,
    }
    assert Attendance.objects.filter(meeting__group=world.group).count() == 2


def test_a_residents_token_sees_no_case_summary_and_no_vote_counts(client, world, token_for):
    world.past_meeting.case_summary = "A man in his fifties asks for more opioids."
    world.past_meeting.save()
    resident = api_get(client, f"/sessions/{world.past_meeting.code}", token_for(world.resident)).json()
    leader = api_get(client, f"/sessions/{world.past_meeting.code}", token_for(world.leader)).json()
    assert resident["case_summary"] is None
    assert leader["case_summary"].startswith("A man")
    poll = api_get(client, f"/sessions/{world.next_meeting.code}/poll", token_for(world.resident)).json()
    assert poll["total_votes"] is None and all(p["votes"] is None for p in poll["proposals"])


def test_the_transcriber_reads_no_results_even_of_transcribed_answers(client, world, rich, token_for):
    response = api_get(client, f"/surveys/{rich['survey'].code}/results", token_for(world.transcriber))
    assert response.status_code == 403


def test_leaders_read_approved_transcripts_never_raw_answers(client, world, rich, token_for):
    body = api_get(client, f"/surveys/{rich['survey'].code}/results", token_for(world.leader)).json()
    assert body["visible"] is True and body["answered"] == 4
    transcripts = [t for q in body["questions"] for t in q["transcripts"]]
    assert transcripts == [TRANSCRIPT]
    pending = sum(q["pending"] for q in body["questions"])
    assert pending > 0
    assert not re.search("Zebulon|It helps me think", str(body))


def test_notes_are_the_group_leaders_only(client, world, token_for):
    assert MeetingNote.objects.filter(meeting=world.past_meeting).exists()
    for persona in ("administrator", "resident", "transcriber", "analyst", "outsider"):
        response = api_get(
            client, f"/sessions/{world.past_meeting.code}/notes", token_for(world.persona(persona))
        )
        assert response.status_code in (403, 404), persona
    body = api_get(client, f"/sessions/{world.past_meeting.code}/notes", token_for(world.leader)).json()
    assert body["content"] == NOTE
