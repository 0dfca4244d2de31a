"""Selection positions land on the text their tool meant, in UTF-16 code units (NVivo) or code points."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from balint.exchange.refi_qda import (
    PlainTextSelection,
    TextSource,
    qdpx_bytes,
    read_qdpx,
)

from .helpers import (
    EMOJI_FRAGMENTS,
    EMOJI_TEXT,
    SESSION,
    _span,
    make_zip,
    nvivo_emoji_qdpx,
    official_schema,
    project_xml,
    sample_project,
    utf16_index,
)

NS = {"q": "urn:QDA-XML:project:1.0"}


def _coded(result) -> list[str]:
    (source,) = result.project.sources
    return [source.text[s.start : s.end] for s in source.selections]


def test_it_places_an_nvivo_file_with_emoji_on_the_text_nvivo_coded():
    # Read as code points (what the importer did before), every selection after the first emoji drifts.
    result = read_qdpx(nvivo_emoji_qdpx())
    assert _coded(result) == EMOJI_FRAGMENTS
    assert result.positions.unit == "utf16" and result.positions.unplaced == 0
    assert "NVivo 14" in result.positions.reason


def test_it_finds_the_unit_from_the_text_when_the_origin_does_not_tell():
    assert _coded(read_qdpx(nvivo_emoji_qdpx(origin=None))) == EMOJI_FRAGMENTS
    assert read_qdpx(nvivo_emoji_qdpx(origin=None)).positions.unit == "utf16"
    # The same selections counted in code points (QualCoder's way) are read as code points.
    codepoints = read_qdpx(nvivo_emoji_qdpx(origin="QualCoder 3.6", unit="codepoints"))
    assert _coded(codepoints) == EMOJI_FRAGMENTS and codepoints.positions.unit == "codepoints"
    # Evidence outweighs the origin: an "NVivo" file whose positions only fit as code points.
    mislabelled = read_qdpx(nvivo_emoji_qdpx(origin="NVivo 14", unit="codepoints"))
    assert _coded(mislabelled) == EMOJI_FRAGMENTS and "whole words" in mislabelled.positions.reason


def test_it_can_be_told_the_unit():
    forced = read_qdpx(nvivo_emoji_qdpx(), position_unit="codepoints")
    assert forced.positions.unit == "codepoints" and _coded(forced) != EMOJI_FRAGMENTS


def test_it_repairs_a_boundary_inside_an_emoji_and_reports_what_it_could_not_place():
    text = "ok 😔 sad"
    body = f"""<Sources><TextSource guid="{SESSION}" name="s"><PlainTextContent>{text}</PlainTextContent>
      <PlainTextSelection guid="11111111-2222-4333-8444-555555555555" startPosition="4" endPosition="6"/>
      <PlainTextSelection guid="21111111-2222-4333-8444-555555555555" startPosition="3" endPosition="99"/>
    </TextSource></Sources>"""
    result = read_qdpx(make_zip({"project.qde": project_xml(body, attrs='name="T" origin="NVivo 12"')}))
    assert _coded(result) == ["😔 "]  # UTF-16 4-6 is the low half of the emoji and the space
    assert (result.positions.repaired, result.positions.unplaced, result.positions.selections) == (1, 1, 2)
    assert any(part.kind == "PlainTextSelection" and "99" in part.reason for part in result.unsupported)


@pytest.mark.parametrize("unit", ["utf16", "codepoints"])
def test_it_round_trips_coded_text_with_emoji_accents_and_quotes_in_each_unit(unit):
    project = sample_project()
    source = TextSource(guid="9d81bfa2-4e3b-4f91-8c23-7e8f90123400", name="emoji", text=EMOJI_TEXT)
    for n, fragment in enumerate(EMOJI_FRAGMENTS):
        start, end = _span(EMOJI_TEXT, fragment)
        source.selections.append(
            PlainTextSelection(guid=f"a{n}81bfa2-4e3b-4f91-8c23-7e8f90123400", start=start, end=end)
        )
    project.sources.append(source)
    data = qdpx_bytes(project, position_unit=unit)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    official_schema("Project-mrt2019.xsd").assertValid(root)
    label = "UTF-16 code units" if unit == "utf16" else "Unicode code points"
    assert root.get("origin") == f"Balint (positions: {label})"
    written = root.find(f".//q:TextSource[@guid='{source.guid}']", NS)
    positions = [
        (int(e.get("startPosition")), int(e.get("endPosition")))
        for e in written.iterfind("q:PlainTextSelection", NS)
    ]
    expected = [_span(EMOJI_TEXT, f) for f in EMOJI_FRAGMENTS]
    if unit == "utf16":
        expected = [(utf16_index(EMOJI_TEXT, s), utf16_index(EMOJI_TEXT, e)) for s, e in expected]
    assert positions == expected
    back = read_qdpx(data)
    assert back.positions.unit == unit and back.positions.reason == "as the file states"
    assert back.project.origin == "Balint"
    for original, copy in zip(project.sources, back.project.sources, strict=True):
        assert [copy.text[s.start : s.end] for s in copy.selections] == [
            original.text[s.start : s.end] for s in original.selections
        ]
