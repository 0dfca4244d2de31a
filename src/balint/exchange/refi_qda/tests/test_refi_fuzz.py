"""Property-based fuzzing of the reader: whatever the bytes, only RefiQdaError escapes."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balint.exchange.refi_qda import (
    ImportResult,
    RefiQdaError,
    qdpx_bytes,
    read_qdc,
    read_qdpx,
    read_refi_qda,
)

from .helpers import (
    ATLAS_OLD_CODEBOOK,
    maxqda_imitation,
    nvivo_imitation,
    qualcoder_imitation,
    sample_project,
)

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@cache
def _archives() -> list[bytes]:
    return [qdpx_bytes(sample_project()), nvivo_imitation(), maxqda_imitation(), qualcoder_imitation()]


@cache
def _members(index: int) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_archives()[index])) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _check(read, data: bytes) -> None:
    """Read `data`: a result must be sane, an error a RefiQdaError from a real check, not the safety net."""
    try:
        result = read(data)
    except RefiQdaError as error:
        assert error.message
        assert not error.message.startswith("The file could not be read ("), repr(error.__cause__)
        return
    assert isinstance(result, ImportResult)
    for source in result.project.sources:
        assert GUID.fullmatch(source.guid)
        for selection in source.selections:
            assert 0 <= selection.start <= selection.end <= len(source.text)
    for code in result.project.iter_codes():
        assert GUID.fullmatch(code.guid)
        assert code.color is None or re.fullmatch(r"#[0-9A-F]{6}", code.color)


@FUZZ
@given(data=st.binary(max_size=4096), prefix=st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06", b"<?xml"]))
def test_it_raises_only_refi_qda_errors_on_random_bytes(data, prefix):
    _check(read_refi_qda, prefix + data)
    _check(read_qdpx, prefix + data)
    _check(read_qdc, prefix + data)


@FUZZ
@given(
    index=st.integers(0, 3),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_it_raises_only_refi_qda_errors_on_mutated_archives(index, edits, cut):
    data = bytearray(_archives()[index])
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    _check(read_qdpx, bytes(data))


_XML_NOISE = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        '"',
        "'",
        "</Code>",
        "<Code guid='x'>",
        "<!DOCTYPE x>",
        "]]>",
        "\x00",
        "é",
        "{",
        'startPosition="-5"',
        'endPosition="99999999999999999999"',
        'color="#12"',
        "PlainTextSelection",
        "internal://../x.txt",
        "xmlns='urn:other'",
        "\\",
        'typeOfVariable="Weird"',
        "<IntegerValue>x</IntegerValue>",
        'creationDateTime="0001-01-01T00:00:00+14:00"',
    ]
) | st.text(max_size=12)


@FUZZ
@given(
    index=st.integers(0, 3),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), _XML_NOISE), min_size=1, max_size=6),
)
def test_it_raises_only_refi_qda_errors_on_mutated_xml(index, edits):
    members = dict(_members(index))
    xml = members["project.qde"].decode("utf-8")
    for position, length, noise in edits:
        at = position % (len(xml) + 1)
        xml = xml[:at] + noise + xml[at + length :]
    members["project.qde"] = xml.encode("utf-8", errors="surrogatepass")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    _check(read_qdpx, buffer.getvalue())
    _check(read_qdc, xml.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 20), _XML_NOISE), min_size=1, max_size=6)
)
def test_it_raises_only_refi_qda_errors_on_mutated_codebooks(edits):
    xml = ATLAS_OLD_CODEBOOK
    for position, length, noise in edits:
        at = position % (len(xml) + 1)
        xml = xml[:at] + noise + xml[at + length :]
    _check(read_qdc, xml.encode("utf-8", errors="surrogatepass"))
