"""A poll vote in the administrator's program backup: neither its voter nor its proposal is readable, so two
backups a day apart and the poll's counts in the app cannot show what a newly voted resident chose.

Driven through the real backup button and download, as test_backup_confidentiality does; the restore runs
under the same key and brings every vote back to its voter and proposal."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from balint.core.jobs import Job
from balint.exchange.backup.reader import backup_restore
from balint.exchange.backup.writer import SEALED_PREFIX, backup_bytes
from balint.meetings.models import Meeting, Vote
from balint.meetings.services import proposal_create, vote_cast
from balint.programs.models import Person


def _download(client, world) -> dict[str, bytes]:
    client.force_login(world.administrator.user)
    assert client.post(reverse("exchange:backup", args=[world.program.slug])).status_code == 302
    job = Job.objects.filter(kind="exchange.backup").latest("created_at")
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    return {name: archive.read(name) for name in archive.namelist()}


def _votes(files: dict[str, bytes]) -> dict:
    lines = files["data/meetings.vote.jsonl"].splitlines()
    return {row["pk"]: row["fields"] for row in map(json.loads, lines)}


@pytest.fixture
def poll(world):
    meeting = world.next_meeting
    case = proposal_create(
        meeting=meeting,
        person=world.resident,
        focus=Meeting.Focus.BALINT_CASE,
        title="A patient who calls daily",
    )
    topic = proposal_create(
        meeting=meeting,
        person=world.other_resident,
        focus=Meeting.Focus.TOPIC,
        title="Feedback to staff",
    )
    vote_cast(meeting=meeting, person=world.resident, proposal=case)
    return case, topic


def _no_voter_beside_a_vote(files: dict[str, bytes]) -> None:
    for fields in _votes(files).values():
        assert set(fields) == {"meeting", "person", "proposal", "created_at", "updated_at"}
        assert str(fields["person"]).startswith(SEALED_PREFIX)
        assert str(fields["proposal"]).startswith(SEALED_PREFIX)
    # Nothing else in the zip names a vote: no other member holds a vote's key.
    keys = {f'"vote": {pk}' for pk in _votes(files)} | {f'"vote_id": {pk}' for pk in _votes(files)}
    for name, content in files.items():
        assert not any(key in content.decode() for key in keys), f"{name} points at a vote"


def test_two_backups_a_day_apart_do_not_show_what_a_new_voter_chose(client, world, poll):
    case, topic = poll
    before = _download(client, world)
    with time_machine.travel(datetime.timedelta(days=1)):
        vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=topic)
        after = _download(client, world)
    _no_voter_beside_a_vote(before)
    _no_voter_beside_a_vote(after)
    first, second = _votes(before), _votes(after)
    assert len(first) == 1 and len(second) == 2
    [old] = first
    assert first[old]["person"] != second[old]["person"]  # a fresh seal each time, the same voter
    [new] = second.keys() - first.keys()
    # The new vote shows its session and time, not who cast it nor for which proposal.
    assert {k for k, v in second[new].items() if not str(v).startswith(SEALED_PREFIX)} == {
        "meeting",
        "created_at",
        "updated_at",
    }
    assert len({fields["person"] for fields in second.values()}) == 2  # two seals of two voters look alike
    assert len({len(fields["person"]) for fields in second.values()}) == 1


@pytest.mark.django_db(transaction=True)
def test_the_restore_brings_every_vote_back_to_its_voter_and_proposal(world, poll):
    case, topic = poll
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=topic)
    wanted = sorted(
        (v.person.code, v.proposal.code) for v in Vote.objects.select_related("person", "proposal")
    )
    data, _ = backup_bytes(program=world.program, sealed=True)
    from balint.exchange.backup.reader import _flush

    with transaction.atomic():
        _flush()
    assert not Person.objects.exists()

    backup_restore(data)

    restored = sorted(
        (v.person.code, v.proposal.code) for v in Vote.objects.select_related("person", "proposal")
    )
    assert restored == wanted and len(restored) == 2
