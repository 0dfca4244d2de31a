import datetime

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from balint.core.errors import ApplicationError
from balint.core.jobs import Job, job_enqueue, job_refresh_stale, job_running


@task()
def sample_task(job_code: str, fail: str = "") -> None:
    with job_running(job_code) as job:
        job.step(50, "Half way")
        if fail == "refused":
            raise ApplicationError("The file is not a REFI-QDA project.")
        job.finish(
            output=b"hello", name="hello.txt", content_type="text/plain", result={"summary": "1 thing"}
        )


def test_it_runs_a_job_and_offers_its_output(client, world):
    job = job_enqueue(
        kind="test", title="Test job", task=sample_task, program=world.program, person=world.leader
    )
    assert job.status == Job.Status.DONE and job.progress == 100
    client.force_login(world.leader.user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download hello.txt" in page and "1 thing" in page
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.content == b"hello"
    assert download["Content-Disposition"] == 'attachment; filename="hello.txt"'


def test_it_shows_a_refused_job_with_its_reason(client, world):
    job = job_enqueue(
        kind="test",
        title="Import",
        task=sample_task,
        program=world.program,
        person=world.leader,
        fail="refused",
    )
    assert job.status == Job.Status.FAILED
    client.force_login(world.leader.user)
    assert "not a REFI-QDA project" in client.get(job.get_absolute_url()).content.decode()
    assert client.get(reverse("core:job_download", args=[job.code])).status_code == 404


def test_it_keeps_a_job_page_to_its_requester_and_program_admins(client, world):
    job = job_enqueue(kind="test", title="Mine", task=sample_task, program=world.program, person=world.leader)
    client.force_login(world.co_leader.user)
    assert client.get(job.get_absolute_url()).status_code == 403
    client.force_login(world.administrator.user)
    assert client.get(job.get_absolute_url()).status_code == 200
    client.force_login(world.outsider.user)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_it_marks_a_job_whose_worker_died_as_failed(world):
    job = Job.objects.create(
        kind="test",
        title="Stuck",
        program=world.program,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert job_refresh_stale(job).status == Job.Status.FAILED
    assert "worker" in Job.objects.get(pk=job.pk).error
