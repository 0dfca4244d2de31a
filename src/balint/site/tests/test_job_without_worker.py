"""A job nobody picks up says so on its page, and what to run."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from balint.core.jobs import Job


def test_it_tells_when_no_worker_has_taken_a_queued_job(client, world):
    job = Job.objects.create(kind="test", title="Report", program=world.program, requested_by=world.leader)
    client.force_login(world.leader.user)
    fresh = client.get(reverse("core:job_status", args=[job.code])).content.decode()
    assert "Waiting for a worker" in fresh and "balint worker" not in fresh
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=45)):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "No background-task worker has picked this up" in page
    assert "balint worker" in page and "--no-worker" in page


def test_it_says_nothing_of_workers_once_a_job_runs(client, world):
    job = Job.objects.create(
        kind="test", title="Report", program=world.program, requested_by=world.leader, status="running"
    )
    client.force_login(world.leader.user)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=45)):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "No background-task worker" not in page
