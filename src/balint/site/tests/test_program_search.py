"""search_program: each role finds only what it may already read, grouped by kind, with snippets."""

import datetime

import pytest
from conftest import make_meeting

from balint.coding import services as coding_services
from balint.meetings.models import MeetingNote
from balint.privacy.search import query_words
from balint.programs.access import roles_for
from balint.site.search import _locate, make_snippet, search_program, search_scopes
from balint.site.tests.search_fixtures import (
    approve_all,
    other_group_note,
    sources,
    survey_with_answers,
)


def search(world, persona: str, query: str, **kwargs):
    return search_program(roles=roles_for(world.persona(persona).user, world.program), query=query, **kwargs)


def hits(results, key: str) -> list:
    return next((kind.hits for kind in results.kinds if kind.key == key), [])


def test_it_finds_notes_of_the_groups_the_leader_leads_and_not_of_others(world):
    other_group_note(world)
    found = hits(search(world, "leader", "FRUSTRATION"), "notes")
    assert [hit.group for hit in found] == ["Tuesday group"]
    assert found[0].snippet.match == "frustration"
    assert found[0].url.endswith(f"/sessions/{world.past_meeting.code}/notes/")
    # The co-leader leads both groups and finds both notes.
    assert {hit.group for hit in hits(search(world, "co_leader", "frustration"), "notes")} == {
        "Tuesday group",
        "Thursday group",
    }


def test_it_ands_thequery_words(world):
    assert len(hits(search(world, "leader", "explored frustration"), "notes")) == 1
    assert hits(search(world, "leader", "explored zebra"), "notes") == []


def test_it_searches_the_process_notes_and_says_where_it_matched(world):
    found = hits(search(world, "leader", "quiet"), "notes")
    assert [(hit.context, hit.snippet.match) for hit in found] == [("Process notes", "Quiet")]


def test_it_finds_case_summaries_of_led_groups_only(world):
    world.past_meeting.case_summary = "A patient with unexplained chest pain."
    world.past_meeting.save()
    other = other_group_note(world).meeting
    other.case_summary = "Another chest pain story."
    other.save()
    found = hits(search(world, "leader", "chest pain"), "summaries")
    assert [hit.url for hit in found] == [f"/sessions/{world.past_meeting.code}/"]


def test_it_gives_residents_and_transcribers_nothing_to_search(world):
    for persona in ("resident", "transcriber"):
        results = search(world, persona, "frustration")
        assert results.kinds == [] and results.total == 0
        assert search_scopes(roles_for(world.persona(persona).user, world.program)) == []


def test_it_shows_an_analyst_only_deidentified_sources_and_no_notes(world):
    clean, document = sources(world)
    results = search(world, "analyst", "frustration")
    assert [hit.title for hit in hits(results, "sources")] == ["Clean note"]
    assert "notes" not in [kind.key for kind in results.kinds]
    # A leader sees the document too (it is tied to no group).
    assert {hit.title for hit in hits(search(world, "leader", "frustration"), "sources")} == {
        "Clean note",
        "Raw document",
    }


def test_it_finds_memos_but_not_those_on_sources_the_person_cannot_see(world):
    clean, document = sources(world)
    coding_services.memo_create(
        program=world.program, author=world.leader, title="Whole", body="Anger shows."
    )
    coding_services.memo_create(
        program=world.program,
        author=world.leader,
        title="On the document",
        body="Anger here.",
        source=document,
    )
    assert {hit.title for hit in hits(search(world, "leader", "anger"), "memos")} == {
        "Whole",
        "On the document",
    }
    assert [hit.title for hit in hits(search(world, "analyst", "anger"), "memos")] == ["Whole"]


def test_it_never_searches_raw_answers_and_only_approved_transcripts_past_the_threshold(world):
    survey = survey_with_answers(world, "Pancakes on Friday, raw words.", answers=2)
    approve_all(world, survey, "Pancakes, transcribed.")
    # Two answers, threshold three: the results page shows nothing, and neither does the search.
    for persona in ("administrator", "analyst", "leader", "transcriber"):
        assert search(world, persona, "pancakes").total == 0, persona
    survey_three = survey_with_answers(world, "Waffles raw answer text.", answers=3)
    for persona in ("administrator", "analyst", "leader", "transcriber"):
        assert search(world, persona, "waffles").total == 0, persona  # raw answers, not yet transcribed
    approve_all(world, survey_three, "Waffles, transcribed.")
    for persona in ("administrator", "analyst", "leader"):
        found = hits(search(world, persona, "waffles"), "transcripts")
        assert found and all(hit.snippet.match == "Waffles" for hit in found), persona
        assert "raw" not in "".join(h.snippet.after for h in found)
    assert search(world, "transcriber", "waffles").total == 0
    assert search(world, "administrator", "raw").total == 0


def test_it_caps_each_kind_and_counts_the_rest(world):
    for weeks in range(1, 4):
        meeting = make_meeting(world.group, world.past_meeting.starts_at - datetime.timedelta(weeks=weeks))
        MeetingNote.objects.create(meeting=meeting, content=f"frustration {weeks} weeks earlier")
    notes = next(kind for kind in search(world, "leader", "frustration", cap=2).kinds if kind.key == "notes")
    assert (len(notes.hits), notes.total, notes.more) == (2, 4, 2)


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Nothing here but STRASSE and more", "straße", ("Nothing here but ", "STRASSE", " and more")),
        ("Café au lait", "cafe\u0301", ("", "Café", " au lait")),
        ("line one\n\n  two   FOUND  three", "found", ("line one · two ", "FOUND", " three")),
        ("line one.\n\n  two   FOUND  three", "found", ("line one. two ", "FOUND", " three")),
        ("Content\nThe resident FOUND it", "found", ("Content · The resident ", "FOUND", " it")),
    ],
)
def test_it_cuts_the_snippet_around_the_first_match(text, query, expected):
    snippet = make_snippet(text, _locate(text, query_words(query)))
    assert (snippet.before, snippet.match, snippet.after) == expected


def test_it_shortens_long_text_around_the_match():
    text = "word " * 100 + "needle " + "tail " * 100
    snippet = make_snippet(text, (500, 506))
    assert snippet.match == "needle"
    assert snippet.before.startswith("…") and snippet.after.endswith("…")
    assert len(snippet.before) < 70 and len(snippet.after) < 150


def test_it_finds_the_match_deep_in_long_non_ascii_text():
    text = "naïve café " * 3000 + "the STRAßE and a Cafe\u0301 again"
    start, end = _locate(text, query_words("strasse"))
    assert text[start:end] == "STRAßE"
    start, end = _locate(text, query_words("again"))
    assert text[start:end] == "again"
    assert _locate(text, query_words("absent")) is None
