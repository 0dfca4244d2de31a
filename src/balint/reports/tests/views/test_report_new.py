import io

from django.urls import reverse
from pypdf import PdfReader

from balint.core.jobs import Job
from balint.reports.models import ReportSettings

DATA = {"date_from": "2024-01-01", "date_to": "2024-12-31", "output": "pdf", "granularity": "quarter"}


def test_it_builds_a_pdf_in_the_background_and_offers_it(client, world, evaluation):
    client.force_login(world.leader.user)
    response = client.post(reverse("reports:new", args=[world.program.slug]), DATA)
    job = Job.objects.get(kind="report")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.output_type == "application/pdf"
    assert job.output_name == "lakeside-evaluation-2024-01-01-to-2024-12-31.pdf"
    text = PdfReader(io.BytesIO(bytes(job.output))).pages[0].extract_text()
    assert "Lakeside FM Residency" in text
    download = client.get(reverse("core:job_download", args=[job.code]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_it_adds_a_roster_for_an_administrator_only(client, world, evaluation):
    client.force_login(world.leader.user)
    page = client.get(reverse("reports:new", args=[world.program.slug])).content.decode()
    assert "roster" not in page
    client.post(reverse("reports:new", args=[world.program.slug]), {**DATA, "output": "html", "roster": "on"})
    assert "Rita Resident" not in bytes(Job.objects.get(kind="report").output).decode()
    client.force_login(world.administrator.user)
    client.post(reverse("reports:new", args=[world.program.slug]), {**DATA, "output": "html", "roster": "on"})
    html = bytes(Job.objects.filter(kind="report").order_by("-created_at", "-pk").first().output).decode()
    assert "Attendance roster" in html and "Rita Resident" in html


def test_it_refuses_bad_dates_and_foreign_groups_and_keeps_the_form(client, world):
    client.force_login(world.leader.user)
    url = reverse("reports:new", args=[world.program.slug])
    response = client.post(url, {**DATA, "date_to": "2023-01-01"})
    assert response.status_code == 422 and "comes before the start" in response.content.decode()
    assert client.post(url, {**DATA, "date_from": "not a date"}).status_code == 422
    assert client.post(url, {**DATA, "group": str(world.outsider_group.code)}).status_code == 422
    assert client.post(url, {**DATA, "group": "x" * 500}).status_code == 422
    assert not Job.objects.filter(kind="report").exists()


def test_it_lets_an_administrator_change_k_within_bounds(client, world):
    client.force_login(world.administrator.user)
    url = reverse("reports:settings", args=[world.program.slug])
    client.post(url, {"min_cell": "8"})
    assert ReportSettings.objects.get(program=world.program).min_cell == 8
    client.post(url, {"min_cell": "1"})
    assert ReportSettings.objects.get(program=world.program).min_cell == 8
    client.force_login(world.leader.user)
    assert client.post(url, {"min_cell": "3"}).status_code == 403
