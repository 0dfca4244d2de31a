"""Read uploaded documents (.txt, .md, .docx, .pdf) into plain text, refusing what cannot be read safely."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from balint.coding.models import MAX_SOURCE_CHARS
from balint.core.errors import ApplicationError
from balint.core.uploads import DOCUMENT_MB, upload_check

MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # a .docx that inflates beyond this is refused (zip bomb)
SUPPORTED = (".txt", ".md", ".docx", ".pdf")


def read_document(*, name: str, data: bytes) -> str:
    """Return the document's plain text (NFC, LF line ends, a blank line between paragraphs) or refuse."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise ApplicationError(
            _("“{name}” is not a supported document; upload .txt, .md, .docx or .pdf.").format(name=name),
            extra={"field": "file", "suffix": suffix},
        )
    upload_check(size=len(data), name=name, cap_mb=DOCUMENT_MB)
    if not data:
        raise ApplicationError(_("“{name}” is empty.").format(name=name), extra={"field": "file"})
    if suffix in (".txt", ".md"):
        text = _read_text(name, data)
    elif suffix == ".docx":
        text = _read_docx(name, data)
    else:
        text = _read_pdf(name, data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    text = text.replace("\x00", "")
    if not text:
        raise ApplicationError(
            _("“{name}” holds no text that can be extracted (a scanned PDF needs OCR first).").format(
                name=name
            ),
            extra={"field": "file"},
        )
    if len(text) > MAX_SOURCE_CHARS:
        raise ApplicationError(
            _("“{name}” holds {value:,} characters; a source may hold at most {MAX_SOURCE_CHARS:,}.").format(
                name=name, value=len(text), MAX_SOURCE_CHARS=MAX_SOURCE_CHARS
            ),
            extra={"field": "file", "chars": len(text)},
        )
    return text


def _read_text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApplicationError(
            _("“{name}” is not UTF-8 text (byte {start} cannot be read); save it as UTF-8 and retry.").format(
                name=name, start=error.start
            ),
            extra={"field": "file"},
        ) from None


def _read_docx(name: str, data: bytes) -> str:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ApplicationError(
                    _("“{name}” unpacks to too much data to be read safely.").format(name=name),
                    extra={"field": "file"},
                )
        document = docx.Document(io.BytesIO(data))
    except ApplicationError:
        raise
    except Exception:  # python-docx raises many kinds of errors on a damaged file
        raise ApplicationError(
            _("“{name}” could not be read as a Word document; it may be damaged or not really .docx.").format(
                name=name
            ),
            extra={"field": "file"},
        ) from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(p for p in paragraphs if p)


def _read_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ApplicationError(
                _("“{name}” is password-protected; remove the password first.").format(name=name),
                extra={"field": "file"},
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ApplicationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on a damaged file
        raise ApplicationError(
            _("“{name}” could not be read as a PDF; it may be damaged or not really .pdf.").format(name=name),
            extra={"field": "file"},
        ) from None
    return "\n\n".join(page.strip() for page in pages if page.strip())
