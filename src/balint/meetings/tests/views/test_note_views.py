from django.urls import reverse

from balint.meetings.models import MeetingNote, NoteConflict, NoteDraft


def _post(client, world, base, content, url_name="meetings:note"):
    return client.post(
        reverse(url_name, args=[world.past_meeting.code]),
        {"content": content, "process": "p", "tags": "trust, endings", "base_version": str(base)},
    )


def test_autosaves_keep_a_draft_per_writer_and_a_stale_one_becomes_a_conflict(client, world):
    client.force_login(world.leader.user)
    response = _post(client, world, 1, "Lee's draft", "meetings:note_autosave")
    assert response.status_code == 200 and response.json()["version"] == 1
    client.force_login(world.co_leader.user)
    response = _post(client, world, 1, "Cora's draft", "meetings:note_autosave")
    assert response.status_code == 200  # the leader's draft did not make the co-leader's form stale
    drafts = {d.author: d.content for d in NoteDraft.objects.all()}
    assert drafts == {world.leader: "Lee's draft", world.co_leader: "Cora's draft"}
    client.force_login(world.leader.user)
    assert _post(client, world, 1, "Saved by hand: trust and endings").status_code == 302  # version 2
    client.force_login(world.co_leader.user)
    response = _post(client, world, 1, "Cora's draft, more", "meetings:note_autosave")
    assert response.status_code == 409 and response.json()["status"] == "conflict"
    assert NoteConflict.objects.get().content == "Cora's draft, more"
    assert not NoteDraft.objects.exists()  # the conflict holds Cora's newer text; Lee's draft was saved
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "Two versions to merge" in page and "Saved by hand: trust and endings" in page
    assert "Cora&#x27;s draft, more" in page
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "Two versions to merge" in page and "Cora&#x27;s draft" not in page  # unscreened: hers only


def test_saving_with_the_form_reports_a_conflict(client, world):
    client.force_login(world.leader.user)
    _post(client, world, 1, "First")
    response = _post(client, world, 1, "Second")
    assert response.status_code == 302
    assert NoteConflict.objects.get().content == "Second"


def test_an_over_long_note_is_refused_and_the_saved_one_kept(client, world):
    client.force_login(world.leader.user)
    response = _post(client, world, 1, "x" * 50001)
    assert response.status_code == 422
    assert MeetingNote.objects.get(meeting=world.past_meeting).content == "The group explored frustration."
    response = _post(client, world, 1, "x" * 50001, "meetings:note_autosave")
    assert response.status_code == 422


def test_the_conflict_is_marked_merged(client, world):
    client.force_login(world.leader.user)
    _post(client, world, 1, "First")
    _post(client, world, 1, "Second")
    conflict = NoteConflict.objects.get()
    response = client.post(
        reverse("meetings:note_conflict_resolve", args=[world.past_meeting.code, conflict.code])
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolved_at is not None


def test_residents_and_admins_cannot_read_notes(client, world):
    for person in (world.resident, world.administrator):
        client.force_login(person.user)
        assert client.get(reverse("meetings:note", args=[world.past_meeting.code])).status_code == 403
        detail = client.get(reverse("meetings:detail", args=[world.past_meeting.code])).content.decode()
        assert "The group explored frustration." not in detail
