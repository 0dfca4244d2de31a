"""The reader imports real exports and hand-made imitations of other tools' quirks."""

from __future__ import annotations

from datetime import UTC, datetime

from balint.exchange.refi_qda import derived_guid, read_qdc, read_qdpx, read_refi_qda

from .helpers import (
    ATLAS_OLD_CODEBOOK,
    MAXQDA_TEXT,
    NVIVO_DOCX_PARAGRAPHS,
    NVIVO_TEXT,
    QUALCODER_TEXT,
    make_zip,
    maxqda_imitation,
    minimal_qdpx,
    nvivo_imitation,
    project_xml,
    qualcoder_imitation,
    sample,
)


def test_it_imports_the_blank_atlas_ti_project_with_its_users():
    result = read_qdpx(sample("atlasti_blank-atlas-project.qdpx"))
    project = result.project
    assert project.name == "blank-atlas-project"
    assert project.origin.startswith("ATLAS.ti")
    assert [user.name for user in project.users] == ["Enric Llagostera", "ATLAS.ti"]
    assert project.creating_user == "088b08ac-d5cd-4adb-8b71-b4f3459c177f"
    assert project.created_at == datetime(2023, 8, 16, 15, 14, 29, tzinfo=UTC)
    assert result.unsupported == [] and result.warnings == []


def test_it_imports_the_nested_atlas_ti_codebook():
    project = read_refi_qda(sample("atlasti_target-atlas-project.qdpx")).project
    assert [code.name for code in project.codes] == ["Commits"]
    assert [child.name for child in project.codes[0].children] == [
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    ]
    assert project.codes[0].guid == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"


def test_it_nests_taguettes_backslash_code_under_its_parent():
    result = read_qdc(sample("taguette_expected_codebook.qdc"))
    codes = result.project.codes
    assert [code.name for code in codes] == ["interesting", "people"]
    places = codes[0].children[0]
    assert (places.name, places.guid) == ("places", "55bb6892-6f30-5129-8cb8-557a1b12137b")
    # Taguette writes an empty <Sets/>, which the schema forbids; we import anyway and say so.
    assert any("Sets" in warning for warning in result.warnings)


def test_it_creates_missing_backslash_parents_with_guids_stable_across_imports():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4"><Codes>
      <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="relationship\\anger\\hidden" isCodable="true"/>
    </Codes></CodeBook>"""
    first = read_qdc(xml.encode()).project.codes
    second = read_qdc(xml.encode()).project.codes
    assert first[0].name == "relationship" and first[0].children[0].name == "anger"
    assert first[0].children[0].children[0].guid == "0d62985d-b147-5d01-a9b5-cae5dcd98342"
    assert first[0].guid == second[0].guid == derived_guid("code-path", "relationship")


def test_it_keeps_a_backslash_in_codes_not_written_by_taguette():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Balint"><Codes>
      <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="yes\\no" isCodable="true"/>
    </Codes></CodeBook>"""
    assert read_qdc(xml.encode()).project.codes[0].name == "yes\\no"


def test_it_keeps_a_backslash_in_a_nested_taguette_codebook_as_part_of_the_name():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.5"><Codes>
      <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="a\\b" isCodable="true">
        <Code guid="dfe5c38e-9449-5959-a1f7-e3d895cfa87f" name="c" isCodable="true"/></Code>
    </Codes></CodeBook>"""
    assert read_qdc(xml.encode()).project.codes[0].name == "a\\b"


def test_it_imports_nvivo_lower_case_and_braced_guids_and_a_capitalised_sources_folder():
    result = read_qdpx(nvivo_imitation())
    project = result.project
    interview, focus_group = project.sources
    assert interview.guid == "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    assert interview.text == NVIVO_TEXT  # plain text wins over docx, BOM dropped, CRLF kept
    selection = interview.selections[0]
    assert interview.text[selection.start : selection.end] == "helpless"
    assert selection.code_guids == ["b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"]
    assert project.users[0].guid == project.creating_user == "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
    assert project.codes[0].color == "#3366CC"
    assert project.created_at == datetime(2023, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)  # 7 fraction digits
    assert focus_group.text == "\n".join(NVIVO_DOCX_PARAGRAPHS)  # only a .docx: its text is extracted
    assert any("docx" in warning for warning in result.warnings)


def test_it_imports_maxqda_quirks_and_lists_what_it_leaves_out():
    result = read_qdpx(maxqda_imitation())
    project = result.project
    obstacles = project.codes[0]
    assert obstacles.is_codable is True  # isCodable missing: codable
    assert obstacles.color == "#FF8000"  # no '#'
    assert obstacles.children[0].color == "#00AA00"  # three-digit form
    assert project.codes[1].color is None
    assert project.users[0].name == ""
    source = project.sources[0]
    assert source.text == MAXQDA_TEXT  # inline PlainTextContent, no plainTextPath
    assert [source.text[s.start : s.end] for s in source.selections] == ["Clinic ran late"]
    kinds = sorted(part.kind for part in result.unsupported)
    assert kinds == ["Graph", "PictureSource", "PlainTextSelection", "Set"]
    assert any("colour" in warning for warning in result.warnings)


def test_it_imports_qualcoder_variables_notes_and_dates_without_a_zone():
    result = read_qdpx(qualcoder_imitation())
    project = result.project
    source = project.sources[0]
    assert source.text == QUALCODER_TEXT
    assert source.variables == {"cohort": 2023, "remarks": "PGY-2"}
    assert [variable.type for variable in project.variables] == ["Integer", "Text"]
    assert source.created_at == datetime(2023, 9, 12, 8, 16, tzinfo=UTC)
    note = project.notes[0]
    assert note.text == "Most residents name reflection first."
    assert note.refers_to == [source.selections[0].guid]
    assert source.text[source.selections[0].start : source.selections[0].end] == "reflect"
    assert sorted(part.kind for part in result.unsupported) == ["Link"]
    assert [case.name for case in project.cases] == ["Resident A"]


def test_it_imports_atlas_tis_older_codebook_namespace():
    result = read_refi_qda(ATLAS_OLD_CODEBOOK.encode())
    code = result.project.codes[0]
    assert (code.name, code.color, code.description) == (
        "Professional development",
        "#46AA00",
        "Supervision, feedback, new responsibilities",
    )
    assert code.children[0].name == "Feedback"
    assert result.project.origin == "ATLAS.ti Win 9.1"


def test_it_reads_a_project_without_a_namespace():
    qde = project_xml(
        '<CodeBook><Codes><Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="x"/></Codes></CodeBook>',
        namespace="",
    )
    assert read_qdpx(make_zip({"project.qde": qde.replace(' xmlns=""', "")})).project.codes[0].name == "x"


def test_it_reports_sources_whose_text_is_outside_the_archive():
    body = """<Sources>
      <TextSource guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="far" plainTextPath="relative://far.txt"/>
      <AudioSource guid="dfe5c38e-9449-5959-a1f7-e3d895cfa87f" name="recording"/>
      <VideoSource guid="55bb6892-6f30-5129-8cb8-557a1b12137b" name="video"/>
      <PDFSource guid="0d62985d-b147-5d01-a9b5-cae5dcd98343" name="pdf"/>
    </Sources>"""
    result = read_qdpx(minimal_qdpx(body))
    assert result.project.sources == []
    assert [part.kind for part in result.unsupported] == [
        "TextSource",
        "AudioSource",
        "VideoSource",
        "PDFSource",
    ]
    assert all(part.reason for part in result.unsupported)


def test_it_drops_codings_of_unknown_codes_with_a_warning():
    body = """<Sources><TextSource guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="s">
      <PlainTextContent>hello</PlainTextContent>
      <PlainTextSelection guid="dfe5c38e-9449-5959-a1f7-e3d895cfa87f" startPosition="0" endPosition="5">
        <Coding guid="55bb6892-6f30-5129-8cb8-557a1b12137b">
          <CodeRef targetGUID="0d62985d-b147-5d01-a9b5-cae5dcd98349"/></Coding>
      </PlainTextSelection></TextSource></Sources>"""
    result = read_qdpx(minimal_qdpx(body))
    assert result.project.sources[0].selections[0].codings == []
    assert any("missing from the codebook" in warning for warning in result.warnings)
