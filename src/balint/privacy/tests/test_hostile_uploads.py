"""The hostile-upload helpers make what they say, and the REFI-QDA reader refuses each with a clear error."""

import io
import zipfile

import pytest

from balint.privacy.testing.uploads import (
    billion_laughs,
    hostile_uploads,
    xml_external_entity,
    zip_bomb,
    zip_slip,
)


def test_the_zip_bomb_is_small_but_inflates_hugely():
    data = zip_bomb(20)
    assert len(data) < 100_000
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.infolist()[0].file_size == 20 * 1024 * 1024


def test_the_zip_slip_names_escape_the_folder():
    with zipfile.ZipFile(io.BytesIO(zip_slip())) as archive:
        assert any(name.startswith("..") for name in archive.namelist())


def test_the_xml_attacks_declare_entities():
    assert b"<!ENTITY x SYSTEM" in xml_external_entity()
    assert billion_laughs().count(b"<!ENTITY") == 10


def test_the_refi_qda_reader_refuses_every_hostile_file():
    reader = pytest.importorskip("balint.exchange.refi_qda.reader")
    from balint.exchange.refi_qda.errors import RefiQdaError

    for name, content, _attack in hostile_uploads(bomb_mb=20):
        if not name.endswith((".qdpx", ".qdc")):
            continue
        with pytest.raises(RefiQdaError):
            reader.read_refi_qda(content)
