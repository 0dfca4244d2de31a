"""The writer produces archives and codebooks that the official REFI-QDA schemas accept."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from balint.exchange.formats import FORMATS, format_for_extension
from balint.exchange.refi_qda import (
    Code,
    Coding,
    Note,
    PlainTextSelection,
    Project,
    RefiQdaError,
    TextSource,
    Variable,
    qdc_bytes,
    qdpx_bytes,
    write_qdc,
    write_qdpx,
)

from .helpers import ANGER, SESSION, SESSION_TEXT, official_schema, sample_project

NS = {"q": "urn:QDA-XML:project:1.0"}


def _project_qde(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_it_writes_a_qdpx_that_validates_against_the_official_project_schema():
    root = _project_qde(qdpx_bytes(sample_project()))
    schema = official_schema("Project-mrt2019.xsd")
    assert schema.validate(root), schema.error_log


def test_it_writes_a_qdc_that_validates_against_the_official_codebook_schema():
    root = etree.fromstring(qdc_bytes(sample_project()))
    schema = official_schema("Codebook-mrt2019.xsd")
    assert schema.validate(root), schema.error_log
    assert [code.get("name") for code in root.iter("{urn:QDA-XML:codebook:1.0}Code")] == [
        "Feelings toward patients",
        "Anger",
        "Purpose of the group",
    ]


def test_it_validates_a_minimal_project_with_nothing_but_a_name():
    root = _project_qde(qdpx_bytes(Project(name="Empty")))
    assert official_schema("Project-mrt2019.xsd").validate(root)


def test_it_stores_source_texts_as_utf8_files_referenced_by_internal_paths():
    data = qdpx_bytes(sample_project())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read(f"sources/{SESSION}.txt").decode("utf-8") == SESSION_TEXT
        names = archive.namelist()
    root = _project_qde(data)
    paths = [source.get("plainTextPath") for source in root.iterfind(".//q:TextSource", NS)]
    assert paths and all(re.fullmatch(r"internal://[0-9a-f-]{36}\.txt", path) for path in paths)
    note_paths = [note.get("plainTextPath") for note in root.iterfind(".//q:Note", NS)]
    files = ["sources/" + path.removeprefix("internal://") for path in paths + note_paths]
    assert sorted(names) == sorted(["project.qde", *files])


def test_it_keeps_given_guids_and_writes_them_lower_case():
    project = sample_project()
    project.codes[0].guid = "{" + project.codes[0].guid.upper() + "}"
    for selection in project.sources[0].selections:
        for coding in selection.codings:
            coding.code_guid = coding.code_guid.upper()
    root = _project_qde(qdpx_bytes(project))
    guids = [element.get("guid") for element in root.iter() if element.get("guid")]
    refs = [element.get("targetGUID") for element in root.iter() if element.get("targetGUID")]
    assert sample_project().codes[0].guid in guids
    assert all(value == value.lower() and not value.startswith("{") for value in guids + refs)


def test_it_exports_the_same_bytes_twice_so_guids_are_stable_across_exports():
    assert qdpx_bytes(sample_project()) == qdpx_bytes(sample_project())


def test_it_derives_a_stable_coding_guid_when_none_was_given():
    project = sample_project()
    project.sources[0].selections[0].codings[0].guid = None
    first, second = _project_qde(qdpx_bytes(project)), _project_qde(qdpx_bytes(project))
    guid = first.find(".//q:Coding", NS).get("guid")
    assert guid == second.find(".//q:Coding", NS).get("guid")


def test_it_writes_notes_as_noterefs_on_the_objects_they_refer_to():
    root = _project_qde(qdpx_bytes(sample_project()))
    on_code = root.find(f".//q:Code[@guid='{ANGER}']/q:NoteRef", NS)
    on_project = root.findall("q:NoteRef", NS)
    assert on_code is not None
    assert len(on_project) == 1  # the free-standing memo belongs to the project


def test_it_declares_undeclared_variables_with_a_guid_derived_from_the_name():
    project = sample_project()
    project.sources[1].variables = {"pgy": 3, "consented": True, "score": 0.00001}
    root = _project_qde(qdpx_bytes(project))
    assert official_schema("Project-mrt2019.xsd").validate(root), official_schema(
        "Project-mrt2019.xsd"
    ).error_log
    declared = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert (
        declared["pgy"] == "Integer" and declared["consented"] == "Boolean" and declared["score"] == "Float"
    )
    assert root.find(".//q:FloatValue", NS).text == "0.00001"


def test_it_replaces_characters_xml_cannot_hold_in_names_but_keeps_source_text_exact():
    project = sample_project()
    project.codes[1].name = "bell\x07code"
    project.sources[1].text = "vertical\x0btab"
    data = qdpx_bytes(project)
    assert b"bell\xef\xbf\xbdcode" in zipfile.ZipFile(io.BytesIO(data)).read("project.qde")
    assert (
        zipfile.ZipFile(io.BytesIO(data)).read(f"sources/{project.sources[1].guid}.txt") == b"vertical\x0btab"
    )


def test_it_writes_to_a_path(tmp_path):
    write_qdpx(sample_project(), tmp_path / "out.qdpx")
    write_qdc(sample_project(), tmp_path / "out.qdc")
    assert zipfile.is_zipfile(tmp_path / "out.qdpx")
    assert (tmp_path / "out.qdc").read_bytes().startswith(b"<?xml")


def _broken(change) -> Project:
    project = sample_project()
    change(project)
    return project


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda p: p.codes.append(Code(guid=p.codes[0].guid.lower(), name="Twin")), id="duplicate-guid"
        ),
        pytest.param(lambda p: p.codes.append(Code(guid="not-a-guid", name="Bad")), id="invalid-guid"),
        pytest.param(lambda p: setattr(p.codes[0], "color", "red"), id="bad-colour"),
        pytest.param(
            lambda p: p.sources[1].selections.append(
                PlainTextSelection(guid="E1111111-1111-4111-8111-111111111111", start=0, end=1)
            ),
            id="selection-outside-text",
        ),
        pytest.param(
            lambda p: (
                p.sources[0]
                .selections[0]
                .codings.append(Coding(code_guid="E2222222-2222-4222-8222-222222222222"))
            ),
            id="unknown-code",
        ),
        pytest.param(
            lambda p: p.notes.append(
                Note(
                    guid="E3333333-3333-4333-8333-333333333333",
                    name="n",
                    text="",
                    refers_to=["E4444444-4444-4444-8444-444444444444"],
                )
            ),
            id="note-to-nothing",
        ),
        pytest.param(lambda p: p.sources[0].variables.update(year="two"), id="value-of-wrong-type"),
        pytest.param(lambda p: p.sources[0].variables.update(ratio=float("nan")), id="nan"),
        pytest.param(lambda p: setattr(p.sources[1], "text", "lone \ud800 surrogate"), id="not-utf8"),
    ],
)
def test_it_refuses_an_inconsistent_project_with_a_refi_qda_error(change):
    with pytest.raises(RefiQdaError):
        qdpx_bytes(_broken(change))


def test_it_refuses_to_write_a_codebook_without_codes():
    with pytest.raises(RefiQdaError, match="at least one code"):
        qdc_bytes(Project(name="No codes"))


def test_it_accepts_a_declared_float_variable_holding_an_integer():
    project = replace(
        sample_project(),
        variables=[Variable(guid="E5555555-5555-4555-8555-555555555555", name="score", type="Float")],
    )
    project.sources = [TextSource(guid=SESSION, name="s", text="x", variables={"score": 3})]
    project.notes = []
    root = _project_qde(qdpx_bytes(project))
    assert root.find(".//q:FloatValue", NS).text == "3.0"


# The official REFI-QDA 1.0 schemas as published (see data/README.md); a changed byte fails this test.
SCHEMA_SHA256 = {
    "Project-mrt2019.xsd": "a2cc1ffb4ab1c07c51d6c78e69f2c9968458a9f0ad3b317ddde27f1e86f15a15",
    "Codebook-mrt2019.xsd": "62a941a02df90991fd9e18bd97c571b88e3c493a722ef1e45a7247f787849c75",
}


def test_it_ships_the_official_schemas_unchanged_with_their_licence_notice():
    for name, digest in SCHEMA_SHA256.items():
        data = (Path(__file__).parents[1] / "data" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        assert b"This specification is licensed under the MIT license." in data
        assert b"Copyright 2019 REFI" in data


def test_it_registers_both_refi_qda_formats():
    assert format_for_extension("QDPX").name == "REFI-QDA project"
    assert format_for_extension(".qdc").module == "balint.exchange.refi_qda"
    assert len({fmt.extension for fmt in FORMATS}) == len(FORMATS)
