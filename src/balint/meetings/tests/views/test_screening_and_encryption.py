"""Notes, case summaries and poll proposals: screened before storage and encrypted at rest."""

import re

from django.db import connection
from django.urls import reverse

from balint.meetings.models import Meeting, MeetingNote, NoteDraft, Proposal

IDENTIFIED = "Called the patient back on 555-867-5309 after the session."


def _note_post(client, world, content, url_name="meetings:note", **extra):
    data = {"content": content, "process": "p", "tags": "", "base_version": "1", **extra}
    return client.post(reverse(url_name, args=[world.past_meeting.code]), data)


def _choice_names(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="(screening-[\w-]+?)" value="replace"', html)))


def _raw(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_saving_notes_asks_a_decision_per_identifier_then_stores_the_placeholder(client, world):
    client.force_login(world.leader.user)
    response = _note_post(client, world, IDENTIFIED)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Possible identifiers" in html
    names = _choice_names(html)
    assert names
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert note.content == "The group explored frustration."  # nothing stored while undecided
    response = _note_post(client, world, IDENTIFIED, **dict.fromkeys(names, "replace"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert "867-5309" not in note.content and "[" in note.content and note.screened


def test_autosave_keeps_an_unscreened_draft_and_marks_it_until_saved_by_hand(client, world):
    client.force_login(world.leader.user)
    response = _note_post(client, world, IDENTIFIED, "meetings:note_autosave")
    assert response.status_code == 200 and response.json()["marks"] >= 1
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    draft = NoteDraft.objects.get(note=note, author=world.leader)
    assert draft.content == IDENTIFIED and not note.screened  # the typed text is never lost
    assert note.content == "The group explored frustration."  # the screened notes stay as they were
    assert note.version == 1 and response.json()["version"] == 1  # an autosave is not a new version
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "not yet decided" in page and "867-5309" in page
    raw = _raw(NoteDraft._meta.db_table, "content", draft.pk)
    assert "867-5309" not in raw and raw.startswith("gAAAAA")  # the draft is encrypted too
    clean = _note_post(client, world, "Nothing identifying here.", "meetings:note_autosave")
    assert clean.json()["marks"] == 0
    note.refresh_from_db()
    assert not note.screened  # no marks found is not a person's screening: it waits for a save by hand
    reverted = _note_post(
        client, world, "The group explored frustration.", "meetings:note_autosave", process="Quiet start."
    )
    assert reverted.status_code == 200
    note.refresh_from_db()
    assert note.screened and not note.drafts.exists()  # back to the screened text: nothing waits


def test_note_text_and_case_summary_hold_no_plaintext_in_the_database(client, world):
    client.force_login(world.leader.user)
    _note_post(client, world, "Secret words about countertransference")
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert note.content == "Secret words about countertransference"
    raw = _raw(MeetingNote._meta.db_table, "content", note.pk)
    assert "countertransference" not in raw and raw.startswith("gAAAAA")
    meeting = world.past_meeting
    meeting.case_summary = "A woman in her forties asks for a second opinion."
    meeting.save()
    raw = _raw(Meeting._meta.db_table, "case_summary", meeting.pk)
    assert "second opinion" not in raw
    assert Meeting.objects.get(pk=meeting.pk).case_summary.startswith("A woman")


def test_a_proposal_with_an_identifier_waits_for_a_decision(client, world):
    client.force_login(world.resident.user)
    url = reverse("meetings:propose", args=[world.next_meeting.code])
    title = "Patient reachable at jane.doe@example.com"
    response = client.post(url, {"focus": "topic", "title": title})
    assert response.status_code == 422 and not Proposal.objects.exists()
    names = _choice_names(response.content.decode())
    assert names
    response = client.post(url, {"focus": "topic", "title": title, **dict.fromkeys(names, "replace")})
    assert response.status_code == 302
    assert "example.com" not in Proposal.objects.get().title
