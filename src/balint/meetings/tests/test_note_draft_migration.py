"""Migration 0006: a note's one shared draft becomes its last writer's own draft, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0005_note_conflicts_kept_per_open_form")]
AFTER = [("meetings", "0006_note_draft_per_writer")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_shared_draft_goes_to_its_writer_and_comes_back(world):
    try:
        apps = _migrate(BEFORE)
        MeetingNote = apps.get_model("meetings", "MeetingNote")
        note = MeetingNote.objects.get(meeting_id=world.past_meeting.pk)
        note.draft_content, note.draft_process = "Waiting words", "Waiting process"
        note.screened, note.updated_by_id, note.version = False, world.co_leader.pk, 4
        note.save()
        apps = _migrate(AFTER)
        [draft] = apps.get_model("meetings", "NoteDraft").objects.all()
        assert (draft.author_id, draft.base_version) == (world.co_leader.pk, 4)
        assert (draft.content, draft.process) == ("Waiting words", "Waiting process")
        assert not apps.get_model("meetings", "MeetingNote").objects.get(pk=note.pk).screened
        apps = _migrate(BEFORE)
        back = apps.get_model("meetings", "MeetingNote").objects.get(pk=note.pk)
        assert (back.draft_content, back.screened) == ("Waiting words", False)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
