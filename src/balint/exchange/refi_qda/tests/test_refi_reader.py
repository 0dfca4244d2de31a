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
    SAMPLES,
    make_zip,
    maxqda_imitation,
    minimal_qdpx,
    nvivo_imitation,
    project_xml,
    qualcoder_imitation,
)


def test_it_imports_the_blank_atlas_ti_project_with_its_users():
    result = read_qdpx(SAMPLES / "atlasti_blank-atlas-project.qdpx")
    project = result.project
    assert project.name == "blank-atlas-project"
    assert project.origin.startswith("ATLAS.ti")
    assert [user.name for user in project.users] == ["Enric Llagostera", "ATLAS.ti"]
    assert project.creating_user == "088B08AC-D5CD-4ADB-8B71-B4F3459C177F"
    assert project.created_at == datetime(2023, 8, 16, 15, 14, 29, tzinfo=UTC)
    assert result.unsupported == [] and result.warnings == []


def test_it_imports_the_nested_atlas_ti_codebook():
    project = read_refi_qda(SAMPLES / "atlasti_target-atlas-project.qdpx").project
    assert [code.name for code in project.codes] == ["Commits"]
    assert [child.name for child in project.codes[0].children] == [
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    ]
    assert project.codes[0].guid == "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"


def test_it_nests_taguettes_backslash_code_under_its_parent():
    result = read_qdc(SAMPLES / "taguette_expected_codebook.qdc")
    codes = result.project.codes
    assert [code.name for code in codes] == ["interesting", "people"]
    places = codes[0].children[0]
    assert (places.name, places.guid) == ("places", "55BB6892-6F30-5129-8CB8-557A1B12137B")
    # Taguette writes an empty <Sets/>, which the schema forbids; we import anyway and say so.
    assert any("Sets" in warning for warning in result.warnings)


def test_it_creates_missing_backslash_parents_with_guids_stable_across_imports():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4"><Codes>
      <Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="relationship\\anger\\hidden" isCodable="true"/>
    </Codes></CodeBook>"""
    first = read_qdc(xml.encode()).project.codes
    second = read_qdc(xml.encode()).project.codes
    assert first[0].name == "relationship" and first[0].children[0].name == "anger"
    assert first[0].children[0].children[0].guid == "0D62985D-B147-5D01-A9B5-CAE5DCD98342"
    assert first[0].guid == second[0].guid == derived_guid("code-path", "relationship")


def test_it_keeps_a_backslash_in_codes_not_written_by_taguette():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Balint"><Codes>
      <Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="yes\\no" isCodable="true"/>
    </Codes></CodeBook>"""
    assert read_qdc(xml.encode()).project.codes[0].name == "yes\\no"


def test_it_keeps_a_backslash_in_a_nested_taguette_codebook_as_part_of_the_name():
    xml = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.5"><Codes>
      <Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="a\\b" isCodable="true">
        <Code guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="c" isCodable="true"/></Code>
    </Codes></CodeBook>"""
    assert read_qdc(xml.encode()).project.codes[0].name == "a\\b"


def test_it_imports_nvivo_lower_case_and_braced_guids_and_a_capitalised_sources_folder():
    result = read_qdpx(nvivo_imitation())
    project = result.project
    interview, focus_group = project.sources
    assert interview.guid == "6F1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
    assert interview.text == NVIVO_TEXT  # plain text wins over docx, BOM dropped, CRLF kept
    selection = interview.selections[0]
    assert interview.text[selection.start : selection.end] == "helpless"
    assert selection.code_guids == ["B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E"]
    assert project.users[0].guid == project.creating_user == "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D"
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
    assert sorted(part.kind for part in result.unsupported) == ["Case", "Link"]


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
        '<CodeBook><Codes><Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="x"/></Codes></CodeBook>',
        namespace="",
    )
    assert read_qdpx(make_zip({"project.qde": qde.replace(' xmlns=""', "")})).project.codes[0].name == "x"


def test_it_reports_sources_whose_text_is_outside_the_archive():
    body = """<Sources>
      <TextSource guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="far" plainTextPath="relative://far.txt"/>
      <AudioSource guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="recording"/>
      <VideoSource guid="55BB6892-6F30-5129-8CB8-557A1B12137B" name="video"/>
      <PDFSource guid="0D62985D-B147-5D01-A9B5-CAE5DCD98343" name="pdf"/>
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
    body = """<Sources><TextSource guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="s">
      <PlainTextContent>hello</PlainTextContent>
      <PlainTextSelection guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" startPosition="0" endPosition="5">
        <Coding guid="55BB6892-6F30-5129-8CB8-557A1B12137B">
          <CodeRef targetGUID="0D62985D-B147-5D01-A9B5-CAE5DCD98349"/></Coding>
      </PlainTextSelection></TextSource></Sources>"""
    result = read_qdpx(minimal_qdpx(body))
    assert result.project.sources[0].selections[0].codings == []
    assert any("missing from the codebook" in warning for warning in result.warnings)
