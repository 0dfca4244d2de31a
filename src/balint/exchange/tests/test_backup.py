"""Backups hold every record, restore exactly (also SQLite → PostgreSQL), refuse damaged or newer files."""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import make_person
from django.db import connection, transaction
from django.utils import timezone

from balint.coding.models import Coding
from balint.core.errors import ApplicationError
from balint.exchange.backup.reader import backup_open, backup_restore
from balint.exchange.backup.writer import backup_bytes, backup_models
from balint.exchange.tests.factories import build_analysis
from balint.programs.models import Person, Program

# Tests that restore commit, as `balint restore` does: SQLite checks deferred foreign keys only at the
# commit, and PostgreSQL's setval outlives a rollback. The flush afterwards keeps the sequences ahead.
restores = pytest.mark.django_db(transaction=True)


def _manifest(data: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))


def _rewrite(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, content if item == name else source.read(item))
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backup_models()}


def _empty_installation() -> None:
    """Every table a backup holds emptied and committed, as in an installation that never had them."""
    from balint.exchange.backup.reader import _flush

    with transaction.atomic():
        _flush()


def test_it_backs_up_every_model_with_a_checksum_per_member(world):
    build_analysis(world)
    data, summary = backup_bytes()
    manifest = _manifest(data)
    assert manifest["format_version"] == 1 and manifest["scope"] == "installation"
    assert {m["model"] for m in manifest["members"].values()} == {
        m._meta.label_lower for m in backup_models()
    }
    assert manifest["members"]["data/coding.coding.jsonl"]["rows"] == 5
    assert summary.rows == sum(m["rows"] for m in manifest["members"].values())
    order = [manifest["members"][name]["model"] for name in manifest["order"]]
    assert order.index("programs.program") < order.index("coding.source") < order.index("coding.coding")


@restores
def test_it_restores_a_whole_installation_exactly_with_replace(world):
    build_analysis(world)
    data, _ = backup_bytes()
    counts = _counts()
    Coding.objects.all().delete()
    Program.objects.create(name="Added later", slug="later", institution="x")
    summary = backup_restore(data, replace=True)
    assert _counts() == counts and summary.rows == sum(counts.values())
    again, _ = backup_bytes()
    assert {k: v["sha256"] for k, v in _manifest(again)["members"].items()} == {
        k: v["sha256"] for k, v in _manifest(data)["members"].items()
    }
    Program.objects.create(name="After restore", slug="after", institution="x")  # sequences were reset
    with connection.cursor() as cursor:  # the backup's plaintext is encrypted again on the way in
        cursor.execute("SELECT content FROM meetings_meetingnote")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and not any("frustration" in value for value in stored)


def test_it_writes_encrypted_fields_in_plaintext(world):
    """A backup restores under any key, so it holds what Python sees, not the database's tokens."""
    backup = backup_open(backup_bytes(program=world.program)[0])
    notes = [json.loads(line) for line in backup.archive.read("data/meetings.meetingnote.jsonl").splitlines()]
    assert "The group explored frustration." in {n["fields"]["content"] for n in notes}


def test_it_writes_many_to_many_links_in_key_order_whatever_the_related_ordering(world):
    """People are ordered by name; the backup lists a group's members by key, so equal data gives
    equal bytes however the database returns ties."""
    zed = make_person(world.program, "zed", "resident", "Zed Last")
    aaron = make_person(world.program, "aaron", "resident", "Aaron First")
    world.group.members.set([aaron, zed])
    backup = backup_open(backup_bytes()[0])
    rows = [json.loads(line) for line in backup.archive.read("data/programs.group.jsonl").splitlines()]
    members = next(r for r in rows if r["pk"] == world.group.pk)["fields"]["members"]
    assert members == sorted(members) and {zed.pk, aaron.pk} <= set(members)


def test_it_refuses_to_mix_a_whole_installation_into_a_non_empty_one(world):
    data, _ = backup_bytes()
    with pytest.raises(ApplicationError, match="already has programs"):
        backup_restore(data)


@pytest.mark.parametrize("damage", ["not a zip", "no manifest", "checksum", "newer", "unknown migration"])
def test_it_refuses_a_damaged_or_newer_backup_and_changes_nothing(world, damage):
    build_analysis(world)
    data, _ = backup_bytes()
    manifest = _manifest(data)
    if damage == "not a zip":
        data = b"hello"
    elif damage == "no manifest":
        data = _rewrite(data, "manifest.json", b"")
        data = data.replace(b"manifest.json", b"manifesto.jsn")
    elif damage == "checksum":
        data = _rewrite(data, "data/coding.coding.jsonl", b"{}\n")
    elif damage == "newer":
        data = _rewrite(data, "manifest.json", json.dumps({**manifest, "format_version": 99}).encode())
    else:
        migrations = {**manifest["migrations"], "coding": ["9999_from_the_future"]}
        data = _rewrite(data, "manifest.json", json.dumps({**manifest, "migrations": migrations}).encode())
    counts = _counts()
    with pytest.raises(ApplicationError) as caught:
        backup_restore(data, replace=True)
    assert caught.value.message
    assert _counts() == counts


def test_it_backs_up_one_program_without_the_others(world):
    build_analysis(world)
    data, _ = backup_bytes(program=world.program)
    manifest = _manifest(data)
    assert manifest["scope"] == {"program": "lakeside"}
    backup = backup_open(data)
    programs = [json.loads(line) for line in backup.archive.read("data/programs.program.jsonl").splitlines()]
    assert [p["fields"]["slug"] for p in programs] == ["lakeside"]
    people = backup.archive.read("data/programs.person.jsonl").decode()
    assert "Otto Outsider" not in people and "Lee Leader" in people
    with pytest.raises(ApplicationError, match="already here"):
        backup_restore(data)


@restores
def test_it_restores_a_program_backup_into_an_installation_without_that_program(world):
    """Restore in-process into the test database, emptied and holding another program: every record of
    the program comes back (a fresh program backup is identical, member by member), the other program
    stays, and new rows get fresh ids afterwards."""
    from balint.programs.models import Membership

    build_analysis(world)
    data, _ = backup_bytes(program=world.program)
    _empty_installation()  # an installation that never had Lakeside
    elsewhere = Program.objects.create(name="Elsewhere FM", slug="elsewhere", institution="Elsewhere")
    assert not Program.objects.filter(slug="lakeside").exists()

    summary = backup_restore(data)

    assert summary.scope == "program lakeside"
    assert summary.rows == sum(m["rows"] for m in _manifest(data)["members"].values())
    again, _ = backup_bytes(program=Program.objects.get(slug="lakeside"))
    assert {k: (v["rows"], v["sha256"]) for k, v in _manifest(again)["members"].items()} == {
        k: (v["rows"], v["sha256"]) for k, v in _manifest(data)["members"].items()
    }
    assert Coding.objects.filter(source__program__slug="lakeside").count() == 5
    assert Membership.objects.filter(program__slug="lakeside", person__full_name="Lee Leader").exists()
    assert Program.objects.filter(pk=elsewhere.pk).exists()
    Program.objects.create(name="After restore", slug="after", institution="x")  # sequences were reset


@restores
def test_it_restores_a_program_backup_whose_rows_link_outside_the_program(world):
    """A leader's supervision of another program's group, a group member with no membership here and a
    theme run's background job: the backup holds the person, and writes the other links empty."""
    from balint.core.jobs import Job
    from balint.insights.models import ThemeRun
    from balint.leaders.models import SupervisionSession

    build_analysis(world)
    SupervisionSession.objects.create(
        leader=world.leader, held_on="2025-02-01", supervisor="Dr Sup", group=world.outsider_group, hours=1
    )
    world.group.members.add(world.outsider)
    job = Job.objects.create(kind="themes", title="Candidate themes", program=world.program)
    ThemeRun.objects.create(program=world.program, job=job, engine_requested="tfidf", fingerprint="f")
    data, _ = backup_bytes(program=world.program)
    _empty_installation()

    backup_restore(data)

    session = SupervisionSession.objects.get(leader__full_name="Lee Leader")
    assert session.group is None and session.supervisor == "Dr Sup"
    group = Program.objects.get(slug="lakeside").groups.get()
    assert "Otto Outsider" in {p.full_name for p in group.members.all()}
    assert not Program.objects.filter(slug="hillcrest").exists()
    assert ThemeRun.objects.get().job is None


def test_it_refuses_an_inconsistent_backup_by_naming_the_row_and_changes_nothing(world):
    """The keys are checked before the commit (so this test needs none): a row pointing to a person
    the backup lacks is named, instead of an IntegrityError at the commit."""
    build_analysis(world)
    data, _ = backup_bytes(program=world.program)
    backup = backup_open(data)
    name = "data/programs.person.jsonl"
    people = [
        line for line in backup.archive.read(name).splitlines(keepends=True) if b"Lee Leader" not in line
    ]
    content = b"".join(people)
    manifest = _manifest(data)
    manifest["members"][name]["sha256"] = hashlib.sha256(content).hexdigest()
    data = _rewrite(_rewrite(data, name, content), "manifest.json", json.dumps(manifest).encode())
    _empty_installation()
    counts = _counts()

    with pytest.raises(ApplicationError, match="inconsistent") as caught:
        backup_restore(data)

    assert "programs_person" in caught.value.message and "nothing was changed" in caught.value.message
    assert _counts() == counts


def test_it_leaves_sign_in_failures_and_caches_out_of_backups(world):
    from balint.api.models import AuthFailure
    from balint.insights.models import Embedding

    AuthFailure.objects.create(key="203.0.113.9", window_start=timezone.now(), count=3)
    Embedding.objects.create(key="k", model_name="m", dim=1, vector=b"1234")
    labels = {m["model"] for m in _manifest(backup_bytes()[0])["members"].values()}
    assert "api.authfailure" not in labels and "insights.embedding" not in labels
    assert "privacy.auditevent" in labels and "api.apitoken" in labels


@restores
def test_it_records_one_audit_event_per_restore_run(world, tmp_path):
    from django.core.management import call_command

    from balint.privacy.models import AuditEvent

    build_analysis(world)
    path = tmp_path / "lakeside.zip"
    data, _ = backup_bytes(program=world.program)
    path.write_bytes(data)
    _empty_installation()

    call_command("restore", str(path), stdout=io.StringIO())

    assert (
        AuditEvent.objects.count() == _manifest(data)["members"]["data/privacy.auditevent.jsonl"]["rows"] + 1
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESTORED)
    assert (event.actor_id, event.actor_label, event.object_type) == (
        None,
        "balint restore (command line)",
        "backup",
    )
    assert event.program == Program.objects.get(slug="lakeside")
    assert event.detail.startswith(f"{path}: restored ") and "(program lakeside)" in event.detail


def _postgres_admin_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return "postgresql://postgres@127.0.0.1:5432"
    except Exception:
        return None


RESTORE_THEN_BACKUP = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1])
call_command("backup", sys.argv[2])
"""


def _restore_then_backup(first: Path, second: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`balint restore` then `balint backup` in one other process (one start-up instead of two)."""
    return subprocess.run(
        [sys.executable, "-c", RESTORE_THEN_BACKUP, str(first), str(second)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _member_digests(path: Path) -> dict[str, tuple[int, str]]:
    return {k: (v["rows"], v["sha256"]) for k, v in _manifest(path.read_bytes())["members"].items()}


def test_it_moves_an_installation_to_the_other_database_vendor_row_for_row(world, tmp_path):
    """Back up the test database, restore into a fresh database of the other vendor in another process
    (SQLite → PostgreSQL when the suite runs on SQLite, PostgreSQL → SQLite when it runs on PostgreSQL),
    back that up again and compare every member's row count and SHA-256 (a digest of every row)."""
    target = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    build_analysis(world)
    data, _ = backup_bytes()
    first = tmp_path / "first.zip"
    first.write_bytes(data)
    env = {
        **os.environ,
        "BALINT_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "balint.config.settings.base",
    }
    name = f"balint_exchange_restore_{uuid.uuid4().hex[:8]}"
    if target == "postgresql":
        admin = _postgres_admin_url()
        if admin is None:
            pytest.skip(
                "PostgreSQL is not reachable at 127.0.0.1:5432, so SQLite → PostgreSQL cannot be tried here"
            )
        import psycopg

        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{admin}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    try:
        second = tmp_path / "second.zip"
        done = _restore_then_backup(first, second, env)
        assert done.returncode == 0, done.stderr
        assert "restored" in done.stdout and "backed up" in done.stdout
        before, after = _member_digests(first), _member_digests(second)
        audit = "data/privacy.auditevent.jsonl"  # the restore itself is recorded in the audit trail
        assert after.pop(audit)[0] == before.pop(audit)[0] + 1
        assert after == before
    finally:
        if target == "postgresql":
            with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert connection.vendor in {"sqlite", "postgresql"}
    assert Person.objects.filter(full_name="Lee Leader").exists()
