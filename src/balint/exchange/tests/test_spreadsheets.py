"""CSV and XLSX exports: escaped against formula injection, limited to what the person may see."""

import csv
import io

from openpyxl import load_workbook

from balint.exchange.spreadsheets.tables import TABLES
from balint.exchange.spreadsheets.writer import csv_bytes, safe_cell, xlsx_bytes
from balint.exchange.tests.factories import build_analysis
from balint.programs.access import roles_for


def test_it_quotes_cells_that_start_like_a_formula():
    for dangerous in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("fine") == "fine" and safe_cell(3) == 3 and safe_cell(None) == ""


def test_it_writes_escaped_csv_and_xlsx():
    rows = [['=HYPERLINK("http://x")', "café", 2]]
    text = csv_bytes(["A", "B", "C"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ['\'=HYPERLINK("http://x")', "café", "2"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes("T", ["A", "B", "C"], rows))).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"


def test_it_exports_codings_with_names_for_leaders_and_pseudonyms_for_analysts(world):
    build_analysis(world)
    table = TABLES["codings"]
    leader_rows = list(table.rows(world.program, roles_for(world.leader.user, world.program)))
    assert {r[4] for r in leader_rows} == {"Lee Leader", "Cora Coleader", "Ana Analyst"}
    analyst_rows = list(table.rows(world.program, roles_for(world.analyst.user, world.program)))
    assert len(analyst_rows) == 5 and all(r[4].startswith("Coder ") for r in analyst_rows)
    anger = next(r for r in leader_rows if r[2] == "Anger" and r[4] == "Lee Leader")
    assert anger[5] == "felt angry 😠" and anger[6] == "Resident's own experience"
    assert next(r for r in leader_rows if r[2] == "Purpose of the group")[3] == "Professional development"


def test_it_exports_attendance_of_the_groups_a_leader_leads_and_keeps_it_from_analysts(world):
    table = TABLES["attendance"]
    rows = table.rows(world.program, roles_for(world.leader.user, world.program))
    assert sorted(r[2] for r in rows) == ["Remy Resident", "Rita Resident"]
    assert not table.allowed(roles_for(world.analyst.user, world.program))
    assert table.rows(world.program, roles_for(world.outsider.user, world.other_program)) == []


def test_it_exports_only_approved_transcripts(world):
    import datetime

    from django.utils import timezone

    from balint.surveys.models import Answer, Instrument, Question, Response, Survey, Transcript

    instrument = Instrument.objects.create(program=world.program, name="Needs")
    question = Question.objects.create(instrument=instrument, kind="open", text="Purpose?")
    survey = Survey.objects.create(
        group=world.group,
        instrument=instrument,
        title="Needs 2025",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    response = Response.objects.create(survey=survey)
    approved = Answer.objects.create(response=response, question=question, text="RAW with a name")
    Transcript.objects.create(answer=approved, text="To reflect.", approved=True)
    other = Answer.objects.create(
        response=Response.objects.create(survey=survey), question=question, text="RAW 2"
    )
    Transcript.objects.create(answer=other, text="Draft.", approved=False)
    rows = TABLES["transcripts"].rows(world.program, roles_for(world.analyst.user, world.program))
    assert [r[4] for r in rows] == ["To reflect."]
    assert "RAW" not in repr(rows)


def test_it_streams_the_codings_table_without_reading_any_source_text(client, world):
    """The page and the API stream the table; its rows are plain values read in batches, and no query
    selects a source's (encrypted) text: a title is printed, never decrypted from the whole text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    build_analysis(world)
    client.force_login(world.leader.user)
    for extension in ("csv", "xlsx"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("exchange:table", args=[world.program.slug, "codings", extension]))
            body = response.getvalue()
        assert response.status_code == 200 and response.streaming
        assert not any('"coding_source"."text"' in q["sql"] for q in captured.captured_queries)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("exchange:table", args=[world.program.slug, "codings", "csv"]))
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == TABLES["codings"].header
    anger = next(r for r in rows if r[2] == "Anger" and r[4] == "Lee Leader")
    assert anger[5] == "felt angry 😠"
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet[1]] == TABLES["codings"].header and sheet.max_row == len(rows)
