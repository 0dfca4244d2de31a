"""Every stale save by hand is kept; only the autosaves of one open form merge into one kept version."""

import re

from django.urls import reverse

from balint.meetings.models import MeetingNote, NoteConflict


def _open_form(client, world) -> str:
    """Render the note form as a browser tab would and return its form token."""
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def _post(client, world, content, token, url_name="meetings:note", base=1):
    return client.post(
        reverse(url_name, args=[world.past_meeting.code]),
        {"content": content, "process": "p", "tags": "", "base_version": str(base), "form_token": token},
    )


def test_it_gives_each_rendered_form_its_own_token(client, world):
    client.force_login(world.leader.user)
    first, second = _open_form(client, world), _open_form(client, world)
    assert first != second and len(first) >= 16


def test_two_stale_saves_by_hand_in_two_tabs_are_both_kept(client, world):
    client.force_login(world.leader.user)
    tab_a, tab_b = _open_form(client, world), _open_form(client, world)
    client.force_login(world.co_leader.user)
    assert (
        _post(client, world, "Newer notes from the co-leader", _open_form(client, world)).status_code == 302
    )
    client.force_login(world.leader.user)
    assert _post(client, world, "Tab A: the silence after the case", tab_a).status_code == 302
    assert _post(client, world, "Tab B: the presenter's relief", tab_b).status_code == 302
    kept = sorted(NoteConflict.objects.filter(author=world.leader).values_list("content", flat=True))
    assert kept == ["Tab A: the silence after the case", "Tab B: the presenter's relief"]
    assert MeetingNote.objects.get(meeting=world.past_meeting).content == "Newer notes from the co-leader"
    page = client.get(reverse("meetings:note", args=[world.past_meeting.code])).content.decode()
    assert "Tab A: the silence" in page and "Tab B: the presenter" in page


def test_the_same_form_sent_twice_by_hand_keeps_both(client, world):
    client.force_login(world.leader.user)
    token = _open_form(client, world)
    _post(client, world, "First", token)  # saved: version 2
    _post(client, world, "Second, resent over version 1", token)
    _post(client, world, "Third, resent again over version 1", token)
    assert NoteConflict.objects.count() == 2


def test_autosaves_of_one_open_form_merge_and_its_save_by_hand_takes_them_over(client, world):
    client.force_login(world.co_leader.user)
    _post(
        client, world, "The co-leader's notes", _open_form(client, world)
    )  # version 2: the leader's tabs are stale
    client.force_login(world.leader.user)
    tab_a, tab_b = "A" * 24, "B" * 24
    for text in ("One writes", "One writes more", "One writes even more"):
        assert _post(client, world, text, tab_a, "meetings:note_autosave").status_code == 409
    assert _post(client, world, "The other tab", tab_b, "meetings:note_autosave").status_code == 409
    kept = {c.form_token: c for c in NoteConflict.objects.all()}
    assert set(kept) == {tab_a, tab_b}
    assert kept[tab_a].content == "One writes even more" and not kept[tab_a].screened
    assert _post(client, world, "The final words", tab_a).status_code == 302
    by_hand = NoteConflict.objects.get(form_token=tab_a)
    assert (by_hand.content, by_hand.screened) == ("The final words", True)
    # A late autosave of that form never overwrites what was saved by hand: it is kept beside it.
    _post(client, world, "A late autosave", tab_a, "meetings:note_autosave")
    assert sorted(NoteConflict.objects.filter(form_token=tab_a).values_list("content", flat=True)) == [
        "A late autosave",
        "The final words",
    ]
    assert NoteConflict.objects.get(form_token=tab_b).content == "The other tab"


def test_a_forged_token_is_refused_and_nothing_saved(client, world):
    client.force_login(world.leader.user)
    response = _post(client, world, "Anything", "<script>")
    assert response.status_code == 422
    assert MeetingNote.objects.get(meeting=world.past_meeting).content == "The group explored frustration."
