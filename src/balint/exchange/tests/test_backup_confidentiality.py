"""The program backup an administrator downloads from the web: its holder cannot tie an answer to a person
or read what the administrator cannot read in the app (raw answers, debriefs, notes, analysis texts).

Driven from the outside: the administrator presses the page's backup button, follows the job and downloads
the file through the real URLs; the test opens the zip and searches every file in it."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from balint.core.errors import ApplicationError
from balint.core.jobs import Job
from balint.exchange.backup.reader import backup_restore
from balint.exchange.backup.writer import SEALED_PREFIX, backup_bytes
from balint.exchange.tests.factories import build_analysis
from balint.leaders.models import Debrief
from balint.meetings.models import MeetingNote
from balint.privacy.crypto import new_key
from balint.programs.models import Program
from balint.surveys.models import Answer, Invitation
from balint.surveys.tests.factories import answer, make_survey

FIRST_ANSWER = "Rita's raw answer: the group saved my year"
SECOND_ANSWER = "Remy's raw answer: I dread Tuesdays"
DEBRIEF = "I was irritated with the presenter today"
NOTE = "The group explored frustration."  # the world's note
MEMO = "First **round**."  # build_analysis's memo


def _download(client, world) -> bytes:
    client.force_login(world.administrator.user)
    started = client.post(reverse("exchange:backup", args=[world.program.slug]))
    assert started.status_code == 302
    job = Job.objects.filter(kind="exchange.backup").latest("created_at")
    assert started["Location"] == job.get_absolute_url()
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200
    return download.content


def _files(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def _rows(files: dict[str, bytes], model: str) -> dict:
    return {row["pk"]: row["fields"] for row in map(json.loads, files[f"data/{model}.jsonl"].splitlines())}


@pytest.fixture
def seeded(world):
    build_analysis(world)
    survey = make_survey(world.group, min_answers=3)  # stays below its threshold
    answer(survey, world.resident, text=FIRST_ANSWER, scale=5)
    Debrief.objects.create(author=world.leader, meeting=world.past_meeting, reflection=DEBRIEF)
    return survey


def test_the_downloaded_backup_holds_no_raw_answer_debrief_note_or_memo(client, world, seeded):
    files = _files(_download(client, world))
    assert json.loads(files["manifest.json"])["sealed"] is True
    for name, content in files.items():
        text = content.decode("utf-8")
        for secret in (FIRST_ANSWER, "saved my year", DEBRIEF, NOTE, MEMO, "felt angry"):
            assert secret not in text, f"{secret!r} is readable in {name}"
    # Who has answered, and what a Likert or choice answer was, are sealed too.
    invitations = _rows(files, "surveys.invitation")
    assert len(invitations) == 2
    assert all(str(f["answered"]).startswith(SEALED_PREFIX) for f in invitations.values())
    assert len({len(f["answered"]) for f in invitations.values()}) == 1  # yes and no look alike
    answers = _rows(files, "surveys.answer").values()
    assert answers and all(str(a["scale"]).startswith(SEALED_PREFIX) for a in answers)
    assert all(str(a["options"]).startswith(SEALED_PREFIX) for a in answers)
    assert all(set(r) == {"survey"} for r in _rows(files, "surveys.response").values())
    # What the administrator sees in the app stays readable: the program, its people and groups.
    assert "Lee Leader" in files["data/programs.person.jsonl"].decode()
    assert "Tuesday group" in files["data/programs.group.jsonl"].decode()


def test_two_backups_a_day_apart_do_not_tie_a_new_answer_to_its_author(client, world, seeded):
    before = _files(_download(client, world))
    with time_machine.travel(datetime.timedelta(days=1)):
        answer(seeded, world.other_resident, text=SECOND_ANSWER, scale=1)
        after = _files(_download(client, world))
    assert not any(SECOND_ANSWER in content.decode() for content in after.values())
    first, second = _rows(before, "surveys.invitation"), _rows(after, "surveys.invitation")
    assert first.keys() == second.keys()
    # Every invitation's line changed (fresh seal each time), none in a way that names who answered.
    for pk, fields in first.items():
        assert fields["answered"] != second[pk]["answered"]
        assert {k: v for k, v in fields.items() if k != "answered"} == {
            k: v for k, v in second[pk].items() if k != "answered"
        }
    new = _rows(after, "surveys.response").keys() - _rows(before, "surveys.response").keys()
    assert len(new) == 1  # a response was added, but it names only its survey
    assert _rows(after, "surveys.response")[next(iter(new))] == {"survey": seeded.pk}


def _empty_installation() -> None:
    from balint.exchange.backup.reader import _flush

    with transaction.atomic():
        _flush()


@pytest.mark.django_db(transaction=True)
def test_the_operator_restores_a_sealed_backup_with_the_installation_key(world, seeded):
    data, _ = backup_bytes(program=world.program, sealed=True)
    plain_before, _ = backup_bytes(program=world.program)
    _empty_installation()

    backup_restore(data)

    assert MeetingNote.objects.get(meeting__group__program__slug="lakeside").content == NOTE
    assert Debrief.objects.get().reflection == DEBRIEF
    assert {a.text for a in Answer.objects.all()} >= {FIRST_ANSWER}
    assert sorted(Invitation.objects.values_list("answered", flat=True)) == [False, True]
    plain_after, _ = backup_bytes(program=Program.objects.get(slug="lakeside"))
    manifest = lambda data: json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))  # noqa: E731
    assert {k: v["sha256"] for k, v in manifest(plain_after)["members"].items()} == {
        k: v["sha256"] for k, v in manifest(plain_before)["members"].items()
    }


@pytest.mark.django_db(transaction=True)
def test_another_installation_cannot_open_a_sealed_backup_and_changes_nothing(world, seeded):
    data, _ = backup_bytes(program=world.program, sealed=True)
    _empty_installation()
    with (
        override_settings(BALINT_ENCRYPTION_KEYS=[new_key()]),
        pytest.raises(ApplicationError, match="sealed"),
    ):
        backup_restore(data)
    assert not Program.objects.filter(slug="lakeside").exists()


def test_the_operator_whole_installation_backup_keeps_full_fidelity(world, seeded):
    files = _files(backup_bytes()[0])
    assert json.loads(files["manifest.json"])["sealed"] is False
    assert DEBRIEF in files["data/leaders.debrief.jsonl"].decode()
    assert FIRST_ANSWER in files["data/surveys.answer.jsonl"].decode()
    with pytest.raises(ValueError):
        backup_bytes(sealed=True)
