"""The reader refuses damaged and hostile files with a clear RefiQdaError, and nothing else."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from balint.exchange.refi_qda import Limits, RefiQdaError, qdpx_bytes, read_qdc, read_qdpx, read_refi_qda

from .helpers import make_docx, make_zip, minimal_qdpx, project_xml, sample_project

GUID = "0D62985D-B147-5D01-A9B5-CAE5DCD98342"


def _refused(data, *, match: str, limits: Limits | None = None, reader=read_refi_qda) -> RefiQdaError:
    with pytest.raises(RefiQdaError, match=match) as caught:
        reader(data, limits=limits) if limits else reader(data)
    return caught.value


def test_it_refuses_a_corrupt_zip():
    data = qdpx_bytes(sample_project())
    _refused(data[: len(data) // 2], match="not a readable zip", reader=read_qdpx)


def test_it_refuses_random_bytes_given_as_a_qdpx():
    _refused(b"\x00\x01 not a zip at all", match="not a readable zip", reader=read_qdpx)


def test_it_refuses_an_empty_file():
    _refused(b"", match="empty")


def test_it_refuses_an_archive_without_project_qde():
    _refused(make_zip({"sources/a.txt": "hello"}), match="no project.qde")


def test_it_refuses_xml_that_is_not_well_formed_and_says_where():
    error = _refused(
        make_zip({"project.qde": "<Project name='x'><Users></Project>"}), match="not well-formed"
    )
    assert "line 1" in error.element


def test_it_refuses_a_project_qde_that_is_not_a_refi_qda_project():
    _refused(
        make_zip({"project.qde": "<html xmlns='http://www.w3.org/1999/xhtml'/>"}), match="REFI-QDA Project"
    )
    _refused(b"<Other xmlns='urn:example'/>", match="not a REFI-QDA codebook")


def test_it_refuses_a_code_without_a_guid():
    error = _refused(
        minimal_qdpx("<CodeBook><Codes><Code name='x' isCodable='true'/></Codes></CodeBook>"), match="no guid"
    )
    assert error.element.startswith("Code")


def test_it_refuses_an_invalid_guid():
    _refused(
        minimal_qdpx("<CodeBook><Codes><Code guid='nope' name='x'/></Codes></CodeBook>"), match="not a GUID"
    )


def test_it_refuses_two_objects_with_one_guid():
    twin = "{" + GUID.lower() + "}"
    body = f"<CodeBook><Codes><Code guid='{GUID}' name='a'/><Code guid='{twin}' name='b'/></Codes></CodeBook>"
    _refused(minimal_qdpx(body), match="used by two objects")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_it_refuses_xml_entity_attacks(xml):
    _refused(make_zip({"project.qde": xml}), match="DOCTYPE")
    _refused(xml.encode(), match="DOCTYPE", reader=read_qdc)


def test_it_refuses_a_doctype_hidden_in_utf16():
    xml = """<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&secret;</Description></Project>"""
    _refused(xml.encode("utf-16"), match="DOCTYPE", reader=read_qdc)  # only the parsed document shows it


def test_it_refuses_a_zip_bomb_by_compression_ratio():
    bomb = make_zip({"project.qde": project_xml(""), "sources/bomb.txt": b"\0" * (5 * 1024 * 1024)})
    assert len(bomb) < 50_000
    _refused(bomb, match="zip bomb")


def test_it_refuses_an_archive_that_unpacks_beyond_the_total_cap():
    data = make_zip({"project.qde": project_xml(""), "a.txt": "x" * 600, "b.txt": "y" * 600})
    _refused(data, match="unpacks to more than", limits=Limits(max_total_uncompressed_bytes=1000))


def test_it_refuses_an_oversized_member():
    data = make_zip({"project.qde": project_xml(""), "sources/big.txt": "z" * 5000})
    _refused(data, match="larger than", limits=Limits(max_member_bytes=4000))


def test_it_refuses_an_oversized_upload():
    _refused(minimal_qdpx(), match="larger than", limits=Limits(max_input_bytes=100))


def test_it_refuses_too_many_entries():
    data = make_zip({"project.qde": project_xml(""), **{f"sources/{i}.txt": "x" for i in range(20)}})
    _refused(data, match="more than 10 files", limits=Limits(max_entries=10))


def test_it_refuses_a_member_that_unpacks_to_more_than_its_header_says():
    data = bytearray(make_zip({"project.qde": project_xml("<Description>" + "x" * 3000 + "</Description>")}))
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into(
        "<I", data, central + 24, 100
    )  # lie about the uncompressed size in the central directory
    _refused(bytes(data), match="damaged|more than it declares")


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd", "sources/../../evil.txt", "..\\evil.txt", "C:/x.txt"]
)
def test_it_refuses_path_traversal_entries(name):
    _refused(make_zip({"project.qde": project_xml(""), name: "x"}), match="unsafe path")


def test_it_refuses_path_traversal_through_plain_text_path():
    body = (
        f"<Sources><TextSource guid='{GUID}' name='s' plainTextPath='internal://../../etc/passwd'/></Sources>"
    )
    _refused(minimal_qdpx(body), match="unsafe path")


def test_it_refuses_a_password_protected_archive():
    data = bytearray(minimal_qdpx())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.index(signature)
        flags = struct.unpack_from("<H", data, position + offset)[0]
        struct.pack_into("<H", data, position + offset, flags | 0x1)
    _refused(bytes(data), match="password")


def test_it_refuses_a_zip_bomb_inside_a_docx_source():
    bomb_docx = make_zip({"word/document.xml": b"\0" * (5 * 1024 * 1024)})
    body = f"<Sources><TextSource guid='{GUID}' name='s' richTextPath='internal://{GUID}.docx'/></Sources>"
    _refused(
        make_zip({"project.qde": project_xml(body), f"sources/{GUID}.docx": bomb_docx}), match="zip bomb"
    )


def test_it_reports_a_damaged_docx_instead_of_failing():
    body = f"<Sources><TextSource guid='{GUID}' name='s' richTextPath='internal://{GUID}.docx'/></Sources>"
    broken_docx = make_zip({"word/nothing.xml": "<x/>"})
    result = read_qdpx(make_zip({"project.qde": project_xml(body), f"sources/{GUID}.docx": broken_docx}))
    assert result.project.sources == [] and result.unsupported[0].kind == "TextSource"
    assert make_docx(["ok"])  # a real docx is fine, see the NVivo imitation


def test_it_refuses_a_missing_path_with_a_refi_qda_error(tmp_path):
    _refused(tmp_path / "missing.qdpx", match="Could not open")


def test_it_turns_unexpected_failures_into_a_refi_qda_error():
    _refused(12345, match="could not be read")  # not bytes, path or file: still only RefiQdaError


def test_it_reads_from_an_open_binary_file():
    assert read_qdpx(io.BytesIO(minimal_qdpx())).project.name == "Test"


def test_it_accepts_a_zip_written_with_stored_entries_and_backslash_folders():
    body = f"<Sources><TextSource guid='{GUID}' name='s' plainTextPath='internal://{GUID}.txt'/></Sources>"
    data = make_zip(
        {"project.qde": project_xml(body), f"Sources\\{GUID}.TXT": "hi"}, compression=zipfile.ZIP_STORED
    )
    assert read_qdpx(data).project.sources[0].text == "hi"
