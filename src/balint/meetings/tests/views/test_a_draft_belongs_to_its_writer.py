"""An autosaved, unscreened draft belongs to its writer: a co-leader never gets its words from any URL.

Leader A (Lee) autosaves drafts carrying a marker word in the content, the process and the themes: over the
past session's screened note, and on a session that has no note yet. Co-leader B (Cora) then drives every
URL of those notes and everything she can reach that reads them (the note form, the autosave's answers, her
own saves, the session and group pages, the program search, the API, the exchange tables and exports, the
analysis), and every answer, and every file inside a zipped one, is searched for the marker. B learns that
another draft exists, never its text; A's own form keeps it. A stale autosave kept as a conflicting
version stays A's too until A saves it by hand.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from balint.api.services import api_token_create
from balint.api.tests.conftest import api_get
from balint.coding.models import Source
from balint.core.jobs import Job
from balint.meetings.models import MeetingNote, NoteConflict, NoteDraft

MARKER = "Quokkamarker"
SCREENED = "The group explored frustration."  # the world's note, saved by hand


def _autosave(client, meeting, text: str, base: int, tags: str = ""):
    return client.post(
        reverse("meetings:note_autosave", args=[meeting.code]),
        {"content": text, "process": f"{text} (process)", "tags": tags, "base_version": str(base)},
    )


def _texts(body: bytes) -> list[tuple[str, str]]:
    """The answer's text, or the text of every file inside it when it is a zip (xlsx, qdpx, backup)."""
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [(name, archive.read(name).decode("utf-8", "replace")) for name in archive.namelist()]
    return [("", body.decode("utf-8", "replace"))]


def _clean(response, where: str) -> str:
    body = response.getvalue() if response.streaming else response.content
    texts = _texts(body)
    for name, text in texts:
        assert MARKER.casefold() not in text.casefold(), f"the draft's marker leaked through {where} {name}"
    return texts[0][1]


@pytest.fixture
def drafted(client, world):
    client.force_login(world.leader.user)
    tags = f"trust, {MARKER} theme"
    assert (
        _autosave(client, world.past_meeting, f"Lee's draft: {MARKER} walked out.", 1, tags).status_code
        == 200
    )
    assert _autosave(client, world.next_meeting, f"A first draft: {MARKER}.", 0, tags).status_code == 200
    for meeting in (world.past_meeting, world.next_meeting):
        page = client.get(reverse("meetings:note", args=[meeting.code])).content.decode()
        assert page.count(MARKER) >= 3  # the writer's own form keeps content, process and themes
    return world


def test_the_co_leader_sees_the_screened_note_and_that_a_draft_exists(client, drafted):
    world = drafted
    client.force_login(world.co_leader.user)
    page = _clean(client.get(reverse("meetings:note", args=[world.past_meeting.code])), "the note form")
    assert SCREENED in page and 'name="base_version" value="1"' in page
    assert "Lee Leader has an autosaved draft of these notes" in page
    empty = _clean(client.get(reverse("meetings:note", args=[world.next_meeting.code])), "a draft-only form")
    assert "Lee Leader has an autosaved draft of these notes" in empty
    assert 'name="base_version" value="0"' in empty
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert (note.version, note.content, note.screened) == (1, SCREENED, False)
    assert not note.tags.exists()  # the draft's themes are not the note's, nor the program's labels yet


def test_no_url_the_co_leader_can_reach_carries_the_draft(client, drafted):
    world = drafted
    client.force_login(world.co_leader.user)
    slug = world.program.slug
    for meeting in (world.past_meeting, world.next_meeting):
        for url in (
            reverse("meetings:note", args=[meeting.code]),
            reverse("meetings:note_autosave", args=[meeting.code]),  # GET: refused, nothing in the answer
            reverse("meetings:detail", args=[meeting.code]),
        ):
            _clean(client.get(url), url)
    for url in (
        reverse("programs:group", args=[world.group.code]),
        reverse("meetings:list", args=[world.group.code]),
        reverse("exchange:home", args=[slug]),
        reverse("exchange:table", args=[slug, "codings", "csv"]),
        reverse("exchange:table", args=[slug, "attendance", "xlsx"]),
        reverse("exchange:table", args=[slug, "polls", "csv"]),
        reverse("exchange:table", args=[slug, "transcripts", "csv"]),
        reverse("reports:view", args=[slug]),
        reverse("reports:group", args=[world.group.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response, url)
    for words in ("walked out", "first draft"):  # words only the drafts hold (the marker itself is echoed)
        page = _clean(client.post(reverse("core:search", args=[slug]), {"q": words}), "the program search")
        assert "No matches" in page
    token = api_token_create(person=world.co_leader, name="Test", read_only=True).secret
    for meeting in (world.past_meeting, world.next_meeting):
        _clean(api_get(client, f"/sessions/{meeting.code}/notes", token), "the API's session notes")
    # Sent to analysis and exported: only the screened note goes.
    assert client.post(reverse("coding:note_send", args=[slug]), {"meeting": "all"}).status_code == 302
    for source in Source.objects.filter(program=world.program):
        assert MARKER not in source.text
        _clean(client.get(reverse("coding:source", args=[source.code])), "the analysis source")
    _clean(client.get(reverse("coding:sources", args=[slug])), "the analysis sources")
    client.post(reverse("exchange:export", args=[slug, "qdpx"]))
    job = Job.objects.get(kind="exchange.export.qdpx")
    _clean(client.get(reverse("core:job_download", args=[job.code])), "the .qdpx export")
    assert client.post(reverse("exchange:backup", args=[slug])).status_code == 403  # not hers to take


def test_the_co_leaders_own_autosaves_and_save_by_hand_answer_without_the_draft(client, drafted):
    world = drafted
    client.force_login(world.co_leader.user)
    mine = _autosave(client, world.past_meeting, "Her own draft about trust.", 1)
    assert mine.status_code == 200  # the leader's draft did not make her form stale
    _clean(mine, "the co-leader's autosave")
    saved = client.post(
        reverse("meetings:note", args=[world.past_meeting.code]),
        {
            "content": "Notes saved by hand: a calm close.",
            "process": "Calm.",
            "tags": "",
            "base_version": "1",
        },
        follow=True,
    )
    assert "The notes were saved." in _clean(saved, "the co-leader's save by hand")
    assert not NoteDraft.objects.filter(author=world.co_leader).exists()  # her save took her draft
    # The leader's draft is kept, started from version 1: his form says the note moved on.
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert MARKER in page and "Another leader has saved version 2 since you started it" in page
    # His next autosave from that form is stale: kept as a conflicting version, still only his to read.
    kept = _autosave(client, world.past_meeting, f"Lee's draft: {MARKER} walked out, again.", 1)
    assert kept.status_code == 409
    conflict = NoteConflict.objects.get()
    assert MARKER in conflict.content and not conflict.screened
    assert not NoteDraft.objects.filter(note__meeting=world.past_meeting).exists()
    client.force_login(world.co_leader.user)
    page = _clean(client.get(reverse("meetings:note", args=[world.past_meeting.code])), "the merge section")
    assert "Two versions to merge" in page and "Only its writer sees the text" in page
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "Two versions to merge" in page and MARKER in page


def test_the_administrators_sealed_backup_holds_no_draft_in_clear(client, drafted):
    world = drafted
    client.force_login(world.administrator.user)
    assert client.post(reverse("exchange:backup", args=[world.program.slug])).status_code == 302
    job = Job.objects.filter(kind="exchange.backup").latest("created_at")
    files = _texts(client.get(reverse("core:job_download", args=[job.code])).content)
    assert any(
        name == "data/meetings.notedraft.jsonl" and text.count("balint-sealed:") >= 6 for name, text in files
    )
    for name, text in files:
        assert MARKER not in text, f"the draft's marker is readable in the backup's {name}"
