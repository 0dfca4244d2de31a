import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import MeetingNote, NoteConflict, NoteDraft, Tag
from balint.meetings.selectors import notes_with_tag
from balint.meetings.services import note_conflict_resolve, note_save, tags_parse


def _save(world, by, base, content, tags=(), **extra):
    return note_save(
        meeting=world.past_meeting,
        by=by,
        content=content,
        process="",
        tags=list(tags),
        base_version=base,
        **extra,
    )


def test_conflicting_edits_keep_both_texts(world):
    note = world.past_meeting.note
    assert note.version == 1
    first = _save(world, world.leader, 1, "Lee's account of the session.")
    second = _save(world, world.co_leader, 1, "Cora's account, written at the same time.")
    assert first.conflict is None and first.note.version == 2
    assert second.conflict is not None
    note.refresh_from_db()
    assert note.content == "Lee's account of the session." and note.version == 2
    kept = NoteConflict.objects.get()
    assert (kept.content, kept.author, kept.base_version) == (
        "Cora's account, written at the same time.",
        world.co_leader,
        1,
    )


def test_autosaves_of_a_stale_draft_update_one_kept_version(world):
    _save(world, world.leader, 1, "Saved first.")
    autosave = {"screened": False, "form_token": "cora-tab-0123456789"}
    _save(world, world.co_leader, 1, "Cora types", **autosave)
    _save(world, world.co_leader, 1, "Cora types more", **autosave)
    assert list(NoteConflict.objects.values_list("content", flat=True)) == ["Cora types more"]


def test_each_writer_keeps_a_draft_of_their_own_until_they_save_by_hand(world):
    autosave = {"screened": False}
    _save(world, world.leader, 1, "Lee types", tags=["trust"], **autosave)
    _save(world, world.co_leader, 1, "Cora types", **autosave)
    _save(world, world.leader, 1, "Lee types more", tags=["trust"], **autosave)
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert (note.version, note.content, note.screened) == (1, "The group explored frustration.", False)
    assert not note.tags.exists() and not Tag.objects.exists()  # a draft's themes wait too
    drafts = {d.author: (d.content, d.tags, d.base_version) for d in NoteDraft.objects.all()}
    assert drafts == {world.leader: ("Lee types more", "trust", 1), world.co_leader: ("Cora types", "", 1)}
    _save(world, world.co_leader, 1, "Cora's screened notes")
    note.refresh_from_db()
    assert (note.version, note.content, note.screened) == (2, "Cora's screened notes", False)
    assert list(NoteDraft.objects.values_list("author", flat=True)) == [world.leader.pk]
    _save(world, world.leader, 1, "Lee's notes over version 1")  # his draft's version: kept as a conflict
    note.refresh_from_db()
    assert note.screened and not NoteDraft.objects.exists()
    assert NoteConflict.objects.get().content == "Lee's notes over version 1"


def test_stale_saves_by_hand_each_keep_a_version(world):
    _save(world, world.leader, 1, "Saved first.")
    _save(world, world.co_leader, 1, "Cora's first save")
    _save(world, world.co_leader, 1, "Cora's second save")
    assert NoteConflict.objects.count() == 2


def test_a_merged_version_stays_on_record(world):
    _save(world, world.leader, 1, "A")
    conflict = _save(world, world.co_leader, 1, "B").conflict
    _save(world, world.co_leader, 2, "A and B")
    note_conflict_resolve(conflict=conflict, by=world.co_leader)
    conflict.refresh_from_db()
    assert conflict.resolved_at is not None and conflict.content == "B"
    assert MeetingNote.objects.get(meeting=world.past_meeting).content == "A and B"


def test_a_first_note_is_created_from_version_zero(world):
    world.past_meeting.note.delete()
    result = _save(world, world.leader, 0, "New")
    assert result.note.version == 1
    with pytest.raises(ApplicationError, match="reload"):
        note_save(
            meeting=world.next_meeting, by=world.leader, content="x", process="", tags=[], base_version=3
        )


def test_tags_are_free_labels_queryable_per_note(world):
    _save(world, world.leader, 1, "Text", tags=["Trust", "narcotic  contracts", "trust"])
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert sorted(note.tags.values_list("label", flat=True)) == ["Trust", "narcotic contracts"]
    _save(world, world.co_leader, 2, "Text", tags=["TRUST"])
    assert Tag.objects.filter(program=world.program).count() == 2
    assert list(notes_with_tag(group=world.group, label="trust")) == [note]


def test_it_parses_labels_and_refuses_too_long_ones():
    assert tags_parse(" trust, , Trust ,feedback to staff ") == ["trust", "feedback to staff"]
    with pytest.raises(ApplicationError, match="60 characters"):
        tags_parse("x" * 61)
    with pytest.raises(ApplicationError, match="At most 20"):
        tags_parse(",".join(f"t{i}" for i in range(21)))


def test_only_the_groups_leaders_write_notes(world, other_group):
    with pytest.raises(ApplicationError, match="leaders"):
        _save(world, world.resident, 1, "A resident's attempt")
    assert world.past_meeting.note.content == "The group explored frustration."


def test_it_sets_the_presenter_from_the_members_only(world, other_group):
    note_save(
        meeting=world.past_meeting,
        by=world.leader,
        content="",
        process="",
        tags=[],
        base_version=1,
        presenter=world.other_resident,
        set_presenter=True,
    )
    world.past_meeting.refresh_from_db()
    assert world.past_meeting.presenter == world.other_resident
    with pytest.raises(ApplicationError, match="presenter"):
        note_save(
            meeting=world.past_meeting,
            by=world.leader,
            content="",
            process="",
            tags=[],
            base_version=2,
            presenter=other_group.members.get(),
            set_presenter=True,
        )
