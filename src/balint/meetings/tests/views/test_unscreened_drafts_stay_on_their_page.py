"""An autosaved (unscreened) note never leaves its form: not to analysis, search, the API, reports or exports.

The leader autosaves a draft full of identifiers and sends the notes to analysis; then every role that may
see something of those notes drives the real pages, JSON, API and downloads, and each answer is searched
for every identifier. The last version saved by hand (screened) is what leaves, or nothing.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from balint.api.services import api_token_create
from balint.api.tests.conftest import api_get
from balint.coding.models import Source
from balint.coding.tests.factories import code, make_theme
from balint.core.jobs import Job
from balint.meetings.models import MeetingNote, NoteDraft

IDENTIFIERS = ["Okafor", "14/03/1961", "00482913", "867-5309", "Elm Street"]
DRAFT = (
    "Margaret Okafor, born 14/03/1961, record number 00482913, called from 555-867-5309; "
    "she lives at 42 Elm Street."
)


def _autosave(client, meeting, content: str, base: int):
    return client.post(
        reverse("meetings:note_autosave", args=[meeting.code]),
        {"content": content, "process": "Quiet start.", "tags": "", "base_version": str(base)},
    )


def _clean(text: str, where: str) -> None:
    for identifier in IDENTIFIERS:
        assert identifier not in text, f"{identifier!r} leaked through {where}"


def _zip_texts(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name).decode("utf-8", "replace")) for name in archive.namelist()]


@pytest.fixture
def token_for(db):
    return lambda person: api_token_create(person=person, name="Test", read_only=True).secret


@pytest.fixture
def drafted(client, world):
    """The leader's drafts: over the past session's screened note, and a new note that is only a draft."""
    client.force_login(world.leader.user)
    assert _autosave(client, world.past_meeting, DRAFT, 1).status_code == 200
    assert _autosave(client, world.next_meeting, DRAFT, 0).status_code == 200
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "Okafor" in page  # the writer's own form keeps the draft: nothing typed is lost
    response = client.post(reverse("coding:note_send", args=[world.program.slug]), {"meeting": "all"})
    assert response.status_code == 302
    return world


def test_it_sends_only_the_last_screened_version_to_analysis(client, drafted):
    world = drafted
    sources = list(Source.objects.filter(program=world.program))
    assert [s.origin for s in sources] == [f"meetings.note:{world.past_meeting.code}"]  # no draft-only note
    assert "The group explored frustration." in sources[0].text
    _clean(sources[0].text, "the stored source")
    note = MeetingNote.objects.get(meeting=world.next_meeting)
    assert (note.content, note.screened, note.version) == ("", False, 0)
    assert NoteDraft.objects.get(note=note, author=world.leader).content == DRAFT


def test_the_analyst_finds_no_identifier_on_any_page_api_or_export(client, drafted, token_for):
    world = drafted
    source = Source.objects.get(program=world.program)
    theme = make_theme(world.program, "Frustration")
    code(source, world.leader, theme, 0, len(source.text))
    client.force_login(world.analyst.user)
    slug = world.program.slug
    pages = [
        reverse("coding:sources", args=[slug]),
        reverse("coding:source", args=[source.code]),
        reverse("coding:quotes", args=[slug]),
        reverse("coding:views", args=[slug]),
        reverse("exchange:table", args=[slug, "codings", "csv"]),
        reverse("exchange:table", args=[slug, "codings", "xlsx"]),
        reverse("reports:view", args=[slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.getvalue()
        if body.startswith(b"PK"):
            for name, text in _zip_texts(body):
                _clean(text, f"{url} ({name})")
        else:
            _clean(body.decode("utf-8", "replace"), url)
    assert "The group explored frustration." in client.get(pages[1]).content.decode()  # the screened text
    token = token_for(world.analyst)
    for path in (f"/programs/{slug}/sources", f"/sources/{source.code}", f"/programs/{slug}/codings"):
        response = api_get(client, path, token)
        assert response.status_code == 200, path
        _clean(response.content.decode(), f"API {path}")
    client.post(reverse("exchange:export", args=[slug, "qdpx"]))
    job = Job.objects.get(kind="exchange.export.qdpx")
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200
    for name, text in _zip_texts(download.content):
        _clean(text, f"the .qdpx export ({name})")


def test_the_co_leader_finds_no_draft_in_search_api_or_the_session_page(client, drafted, token_for):
    world = drafted
    client.force_login(world.co_leader.user)
    for words in ("Margaret", "born", "record number", "lives"):  # words only the draft holds
        response = client.post(reverse("core:search", args=[world.program.slug]), {"q": words})
        assert response.status_code == 200
        page = response.content.decode()
        _clean(page, f"the program search for {words}")
        assert "No matches" in page
    found = client.post(reverse("core:search", args=[world.program.slug]), {"q": "frustration"})
    assert "explored" in found.content.decode()  # the search does reach the screened notes
    for meeting in (world.past_meeting, world.next_meeting):
        page = client.get(reverse("meetings:detail", args=[meeting.code])).content.decode()
        _clean(page, "the session page")
        assert "waits to be screened" in page
        notes = api_get(client, f"/sessions/{meeting.code}/notes", token_for(world.co_leader))
        _clean(notes.content.decode(), "the API's session notes")
    assert (
        "explored frustration"
        in api_get(
            client, f"/sessions/{world.past_meeting.code}/notes", token_for(world.co_leader)
        ).content.decode()
    )


def test_a_save_by_hand_screens_the_draft_and_only_then_it_leaves(client, world):
    client.force_login(world.leader.user)
    _autosave(client, world.past_meeting, "A draft about trust.", 1)
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert (note.content, note.screened) == ("The group explored frustration.", False)
    response = client.post(
        reverse("meetings:note", args=[world.past_meeting.code]),
        {"content": "A draft about trust.", "process": "Quiet start.", "tags": "", "base_version": "1"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.content, note.screened, note.drafts.exists()) == ("A draft about trust.", True, False)
    client.post(reverse("coding:note_send", args=[world.program.slug]), {"meeting": "all"})
    assert "A draft about trust." in Source.objects.get(program=world.program).text
