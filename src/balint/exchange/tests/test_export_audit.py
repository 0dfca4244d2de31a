"""Every door to an export (page or its job, API, command line) leaves the same audit entry."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from balint.api.services import api_token_create
from balint.core.jobs import Job, job_enqueue
from balint.exchange.tests.factories import build_analysis
from balint.privacy.models import AuditEvent


def _entries(since: int) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(pk__gt=since)
        .order_by("pk")
        .values_list("action", "object_type", "object_code", "program_id")
    )


def _last() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _api(client, person, path: str):
    secret = api_token_create(person=person, name="Test", read_only=True, expires_in_days=90).secret
    return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {secret}"})


def _cli(*args) -> None:
    call_command(*args, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("fmt", "api_path", "object_type"),
    [("qdpx", "exports/qdpx", "qdpx"), ("qdc", "exports/qdc", "qdc")],
)
def test_it_audits_a_refi_qda_export_alike_from_the_page_the_api_and_the_command_line(
    client, world, tmp_path, fmt, api_path, object_type
):
    build_analysis(world)
    expected = [("exported", object_type, str(world.program.code), world.program.pk)]
    client.force_login(world.leader.user)

    start = _last()
    assert client.post(reverse("exchange:export", args=[world.program.slug, fmt])).status_code == 302
    web = _entries(start)
    start = _last()
    assert _api(client, world.leader, f"/programs/{world.program.slug}/{api_path}").status_code == 200
    api = _entries(start)
    start = _last()
    _cli("export", fmt, "--program", world.program.slug, "-o", str(tmp_path / f"out.{fmt}"))
    cli = _entries(start)

    assert web == api == cli == expected
    actors = list(AuditEvent.objects.filter(object_type=object_type).order_by("pk"))
    assert [e.actor for e in actors] == [world.leader, world.leader, None]
    assert actors[2].actor_label == "balint export (command line)"


def test_it_audits_a_table_export_alike_from_the_page_the_api_and_the_command_line(client, world, tmp_path):
    build_analysis(world)
    expected = [("exported", "table codings", str(world.program.code), world.program.pk)]
    client.force_login(world.leader.user)

    start = _last()
    assert (
        client.get(reverse("exchange:table", args=[world.program.slug, "codings", "csv"])).status_code == 200
    )
    web = _entries(start)
    start = _last()
    assert _api(client, world.leader, f"/programs/{world.program.slug}/tables/codings.csv").status_code == 200
    api = _entries(start)
    start = _last()
    _cli(
        "export", "csv", "--program", world.program.slug, "--table", "codings", "-o", str(tmp_path / "t.csv")
    )
    cli = _entries(start)

    assert web == api == cli == expected


def test_it_audits_a_program_backup_alike_from_the_page_and_the_command_line(client, world, tmp_path):
    expected = [("exported", "backup", str(world.program.code), world.program.pk)]
    client.force_login(world.administrator.user)

    start = _last()
    assert client.post(reverse("exchange:backup", args=[world.program.slug])).status_code == 302
    web = _entries(start)
    start = _last()
    _cli("backup", str(tmp_path / "b.zip"), "--program", world.program.slug)
    cli = _entries(start)

    assert web == cli == expected
    event = AuditEvent.objects.filter(object_type="backup").order_by("pk").last()
    assert event.actor is None and event.actor_label == "balint backup (command line)"


def test_it_audits_the_whole_installation_backup(world, tmp_path):
    start = _last()
    _cli("backup", str(tmp_path / "all.zip"))
    assert _entries(start) == [("exported", "backup", "", None)]


def test_it_leaves_no_entry_when_the_export_fails(client, world):
    client.force_login(world.leader.user)
    start = _last()
    # An empty codebook is refused: the job fails and nothing was exported.
    client.post(reverse("exchange:export", args=[world.program.slug, "qdc"]))
    assert _api(client, world.leader, f"/programs/{world.program.slug}/exports/qdc").status_code == 400
    assert _entries(start) == []


@pytest.mark.parametrize(
    ("person", "url_name", "args", "object_type"),
    [
        ("leader", "exchange:export", ["qdpx"], "qdpx"),
        ("leader", "exchange:export", ["qdc"], "qdc"),
        ("administrator", "exchange:backup", [], "backup"),
    ],
)
def test_a_jobs_audit_entry_records_the_address_of_the_request_that_queued_it(
    client, world, person, url_name, args, object_type
):
    build_analysis(world)
    client.force_login(getattr(world, person).user)
    start = _last()
    queued = client.post(reverse(url_name, args=[world.program.slug, *args]), REMOTE_ADDR="203.0.113.7")
    assert queued.status_code == 302
    job = Job.objects.latest("created_at")
    assert job.requested_from == "203.0.113.7" and job.status == Job.Status.DONE
    [event] = AuditEvent.objects.filter(pk__gt=start)
    assert (event.object_type, event.ip, event.actor) == (object_type, "203.0.113.7", getattr(world, person))


def test_a_job_queued_without_an_address_records_none(world):
    from balint.exchange.tasks import backup_task

    start = _last()
    job_enqueue(
        kind="exchange.backup",
        title="Backup",
        task=backup_task,
        program=world.program,
        person=world.administrator,
        program_code=str(world.program.code),
        person_code=str(world.administrator.code),
    )
    [event] = AuditEvent.objects.filter(pk__gt=start)
    assert event.object_type == "backup" and event.ip is None
