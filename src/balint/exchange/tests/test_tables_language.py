"""Spreadsheet exports read in the person's language; the API's CSV keeps English headers for programs."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from balint.exchange.tests.factories import build_analysis


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request leaves its language active in the test's thread: the next test must not start in it."""
    yield
    translation.deactivate()


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_it_writes_the_table_headers_and_values_in_the_persons_language(client, world):
    build_analysis(world)
    world.leader.language = "de"
    world.leader.save(update_fields=["language"])
    client.force_login(world.leader.user)  # the person's language is taken at sign-in
    rows = _csv(client.get(reverse("exchange:table", args=[world.program.slug, "codings", "csv"])))
    assert rows[0] == ["Quelle", "Datum", "Thema", "Kategorie", "Codierende Person", "Zitat", "Perspektive"]
    assert "Eigenes Erleben der Ärztin/des Arztes in Weiterbildung" in {row[6] for row in rows[1:]}
    response = client.get(reverse("exchange:table", args=[world.program.slug, "attendance", "xlsx"]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    assert [cell.value for cell in sheet[1]] == ["Datum", "Gruppe", "Person", "Status", "Grund"]
    assert sheet.title == "Anwesenheit"


def test_it_keeps_the_api_csv_in_english_unless_the_caller_asks_for_a_language(client, world):
    build_analysis(world)
    client.force_login(world.analyst.user)
    url = reverse("api:export_table", kwargs={"slug": world.program.slug, "key": "codings"})
    assert _csv(client.get(url))[0][:3] == ["Source", "Date", "Theme"]
    assert _csv(client.get(url, HTTP_ACCEPT_LANGUAGE="es"))[0][:3] == ["Fuente", "Fecha", "Tema"]
