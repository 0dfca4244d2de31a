"""The exchange page: export jobs, table downloads, import preview then confirm, program backup."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balint.coding.models import Theme
from balint.core.jobs import Job
from balint.exchange import qda
from balint.exchange.models import PendingImport
from balint.exchange.tests.factories import build_analysis
from balint.programs.models import Program


@pytest.fixture
def codebook_file(world) -> bytes:
    other = Program.objects.create(name="Source", slug="source", institution="x")
    Theme.objects.create(program=other, name="Trust", colour="#123456")
    Theme.objects.create(program=other, name="Supervision", colour="#654321")
    return qda.qdc_export(program=other)


def test_it_shows_the_page_with_exports_and_the_import_form(client, world, django_assert_max_num_queries):
    client.force_login(world.leader.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("exchange:home", args=["lakeside"])).content.decode()
    assert "Export project (.qdpx)" in page and "Preview the import" in page and "Attendance" in page
    assert "Program backup" not in page
    client.force_login(world.analyst.user)
    page = client.get(reverse("exchange:home", args=["lakeside"])).content.decode()
    assert "pseudonyms" in page and "Attendance" not in page


def test_it_exports_as_a_background_job_with_a_download(client, world):
    build_analysis(world)
    client.force_login(world.analyst.user)
    response = client.post(reverse("exchange:export", args=["lakeside", "qdpx"]))
    job = Job.objects.get(kind="exchange.export.qdpx")
    assert response.url == job.get_absolute_url() and job.status == Job.Status.DONE
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.content.startswith(b"PK") and b"Lee Leader" not in download.content


def test_it_previews_an_import_then_imports_on_confirmation(client, world, codebook_file):
    client.force_login(world.leader.user)
    upload = SimpleUploadedFile("codebook.qdc", codebook_file, content_type="application/xml")
    response = client.post(reverse("exchange:import", args=["lakeside"]), {"file": upload})
    pending = PendingImport.objects.get()
    assert response.url == reverse("exchange:import_preview", args=[pending.code])
    assert not Theme.objects.filter(program=world.program).exists()
    page = client.get(response.url).content.decode()
    assert "Import now" in page and pending.preview["themes_new"] == 2
    confirm = client.post(response.url)
    assert Job.objects.get(kind="exchange.import").status == Job.Status.DONE
    assert confirm.status_code == 302
    assert sorted(Theme.objects.filter(program=world.program).values_list("name", flat=True)) == [
        "Supervision",
        "Trust",
    ]
    pending.refresh_from_db()
    assert pending.imported_at is not None and bytes(pending.data) == b""
    client.post(response.url)  # a double submit adds nothing
    assert Theme.objects.filter(program=world.program).count() == 2


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.txt", b"hello", "Choose a .qdpx"),
        ("project.qdpx", b"<xml/>", "not a zip"),
        ("codebook.qdc", b"PK\x03\x04", "not an XML"),
        ("project.qdpx", b"PK\x03\x04broken", "zip"),
    ],
)
def test_it_refuses_a_bad_upload_with_422_and_keeps_nothing(client, world, name, content, message):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("exchange:import", args=["lakeside"]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not PendingImport.objects.exists()


def test_it_keeps_a_pending_import_to_its_uploader(client, world, codebook_file):
    client.force_login(world.leader.user)
    client.post(
        reverse("exchange:import", args=["lakeside"]), {"file": SimpleUploadedFile("c.qdc", codebook_file)}
    )
    pending = PendingImport.objects.get()
    client.force_login(world.co_leader.user)
    assert client.get(reverse("exchange:import_preview", args=[pending.code])).status_code == 404
    assert client.post(reverse("exchange:import_preview", args=[pending.code])).status_code == 404
    assert not Theme.objects.filter(program=world.program).exists()


def test_it_gives_program_admins_a_backup_download(client, world):
    client.force_login(world.administrator.user)
    client.post(reverse("exchange:backup", args=["lakeside"]))
    job = Job.objects.get(kind="exchange.backup")
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.content.startswith(b"PK") and "lakeside-backup" in download["Content-Disposition"]
    client.force_login(world.leader.user)
    assert client.post(reverse("exchange:backup", args=["lakeside"])).status_code == 403


def test_the_page_is_linked_from_the_analysis_navigation_and_for_admins_from_the_program_page(client, world):
    link = f'href="{reverse("exchange:home", args=["lakeside"])}"'
    client.force_login(world.leader.user)
    assert link in client.get(reverse("coding:codebook", args=["lakeside"])).content.decode()
    assert link not in client.get(reverse("programs:detail", args=["lakeside"])).content.decode()
    client.force_login(world.administrator.user)
    assert link in client.get(reverse("programs:detail", args=["lakeside"])).content.decode()
