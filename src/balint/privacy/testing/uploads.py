"""Hostile upload files for tests of import and upload views (coding sources, exchange imports).

Each helper returns (file name, bytes, what it attacks). Use them with SimpleUploadedFile:

    for name, content, attack in hostile_uploads():
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code in (400, 413, 422), attack   # refused with a clear message, no 500
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator


def zip_bomb(ratio_mb: int = 200) -> bytes:
    """A small zip whose single member inflates to `ratio_mb` megabytes of zeros."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("project.qde", "w", force_zip64=True) as member,
    ):
        for _ in range(ratio_mb):
            member.write(chunk)
    return buffer.getvalue()


def zip_slip() -> bytes:
    """A zip whose members try to escape the extraction folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../../../tmp/balint-zip-slip.txt", "escaped")
        archive.writestr("/etc/balint-absolute.txt", "absolute")
        archive.writestr("project.qde", "<Project/>")
    return buffer.getvalue()


def xml_external_entity() -> bytes:
    """XML that asks the parser to read a local file into the document (XXE)."""
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<Project name="&x;"><Sources/></Project>'
    )


def billion_laughs() -> bytes:
    """XML entity expansion that grows exponentially."""
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE p [' + "".join(entities) + ']>\n<Project name="&l9;"/>'
    ).encode()


def not_what_it_says() -> bytes:
    """An executable (ELF header) with a document's name."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 64


def html_with_script() -> bytes:
    """A 'text' file whose contents would run if served back as HTML."""
    return b'<html><body><script>alert("x")</script><img src=x onerror=alert(1)></body></html>'


def invalid_utf8() -> bytes:
    return b"Session notes \xff\xfe\xfa broken \xc3\x28 bytes"


def empty() -> bytes:
    return b""


def hostile_uploads(*, bomb_mb: int = 50) -> Iterator[tuple[str, bytes, str]]:
    """Every hostile file, named as the kind of file an import would expect."""
    yield "project.qdpx", zip_bomb(bomb_mb), "zip bomb"
    yield "project.qdpx", zip_slip(), "zip slip (path traversal)"
    yield "codebook.qdc", xml_external_entity(), "XML external entity"
    yield "codebook.qdc", billion_laughs(), "XML entity expansion"
    yield "notes.docx", not_what_it_says(), "executable named as a document"
    yield "notes.txt", html_with_script(), "HTML with script in a text file"
    yield "notes.txt", invalid_utf8(), "invalid UTF-8"
    yield "notes.txt", empty(), "empty file"
    yield "../../notes.txt", b"plain", "path traversal in the file name"
