import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from balint.leaders.tests.factories import leader_entries

pytestmark = pytest.mark.django_db


def test_it_exports_the_summary_and_log_as_a_workbook(client, world):
    entries = leader_entries(world)
    client.force_login(world.leader.user)
    response = client.get(reverse("leaders:export_xlsx", args=[entries.followed.code]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Sessions led", "Training", "Supervision"]
    summary = list(book["Summary"].iter_rows(values_only=True))
    # One held session in the window; the session led elsewhere came before the start date.
    assert ("Lead 2 sessions", "yes", 1.0, 2.0, "sessions", summary[6][5]) == summary[6]
    assert summary[6][5].startswith("Missing 1 session; at this pace by")
    sessions = list(book["Sessions led"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in sessions} == {world.group.name, "Clinic group"}
    assert list(book["Supervision"].iter_rows(min_row=2, values_only=True))[0][1] == "Dr Sup"
    assert "Private thought." not in str(list(book["Sessions led"].values))


def test_it_exports_a_printable_pdf_without_the_debrief_text(client, world):
    entries = leader_entries(world)
    client.force_login(world.leader.user)
    response = client.get(reverse("leaders:export_pdf", args=[entries.followed.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.leader.full_name in text and "Our own path" in text and "Dr Sup" in text
    assert "Private thought." not in text
