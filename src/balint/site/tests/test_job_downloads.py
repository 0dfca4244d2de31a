"""A job's file goes only to the person who asked for it: an export made under a leader's scope (identified
sources of the groups they lead) is refused to every other member of the program who has its address,
administrators included, and to the requester once they no longer belong to the program."""

import io
import zipfile

from django.urls import reverse

from balint.coding.models import Source
from balint.core.jobs import Job
from balint.programs.models import Membership

SECRET = "Mrs Dolores Whitfield of 12 Alder Lane"


def _leader_export(client, world) -> Job:
    Source.objects.create(
        program=world.program,
        kind=Source.Kind.DOCUMENT,
        title="Interview with identifiers",
        text=f"The patient, {SECRET}, came back.",
        group=world.group,
        deidentified=False,
    )
    client.force_login(world.leader.user)
    client.post(reverse("exchange:export", args=[world.program.slug, "qdpx"]))
    return Job.objects.get(kind="exchange.export.qdpx", requested_by=world.leader)


def _holds_secret(data: bytes) -> bool:
    if SECRET.encode() in data:
        return True
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return False
    return any(SECRET.encode() in archive.read(name) for name in archive.namelist())


def test_it_gives_the_requester_their_export(client, world):
    job = _leader_export(client, world)
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200 and _holds_secret(download.content)


def test_it_refuses_the_file_to_every_other_member_with_its_address(client, world):
    job = _leader_export(client, world)
    url = reverse("core:job_download", args=[job.code])
    for other in (world.administrator, world.co_leader, world.analyst, world.resident, world.outsider):
        client.force_login(other.user)
        response = client.get(url)
        assert response.status_code in (403, 404), other
        assert not _holds_secret(response.content)
    # The administrator still follows the job's progress, without a download link.
    client.force_login(world.administrator.user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert url not in page and "Only the person who asked" in page


def test_it_refuses_the_requester_once_they_left_the_program(client, world):
    job = _leader_export(client, world)
    Membership.objects.filter(program=world.program, person=world.leader).update(active=False)
    response = client.get(reverse("core:job_download", args=[job.code]))
    assert response.status_code == 404 and not _holds_secret(response.content)
