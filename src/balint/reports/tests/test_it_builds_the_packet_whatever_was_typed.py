"""No input can make an export fail: words typed into the annual evaluation (pasted from a word processor,
with a vertical tab or another control character) still give a PDF and a DOCX packet, through the page."""

import io
import zipfile

import pytest
from django.urls import reverse

from balint.core.jobs import Job
from balint.reports.annual import annual_evaluation_start

TYPED = "Steady\x0b attendance\x01 all year\x1f"


@pytest.mark.parametrize("output", ["docx", "pdf"])
def test_it_builds_the_packet_whatever_was_typed(client, world, output):
    annual_evaluation_start(program=world.program, academic_year=2024)
    client.force_login(world.leader.user)
    edit = reverse("reports:annual_edit", args=[world.program.slug, 2024])
    data = {"strengths": TYPED, "goals": TYPED, "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0"}
    data |= {"actions-0-action": TYPED, "actions-0-measure": "Late share", "actions-0-owner": TYPED}
    data |= {"actions-0-status": "planned"}
    assert client.post(edit, data).status_code == 302
    started = client.post(
        reverse("reports:annual_build", args=[world.program.slug, 2024]), {"output": output}
    )
    assert started.status_code == 302
    job = Job.objects.filter(kind="annual_evaluation").latest("created_at")
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200
    if output == "docx":
        body = zipfile.ZipFile(io.BytesIO(download.content)).read("word/document.xml").decode()
        assert "Steady" in body and "attendance" in body and "\x01" not in body
