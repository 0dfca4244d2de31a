"""A file an export service built, and the one way a page or endpoint hands it over as a download."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse


@dataclass(frozen=True)
class ExportFile:
    """The bytes of an export with the file name and media type it is downloaded under; a streamed export
    has its bytes in `chunks` instead (written as they are read, never held whole) and empty `data`."""

    data: bytes
    name: str
    content_type: str
    summary: str = ""
    chunks: Iterable[bytes] | None = None


def download_response(file: ExportFile) -> HttpResponse | StreamingHttpResponse:
    """The file as an attachment (the browser saves it under `file.name`); a streamed export streams."""
    if file.chunks is not None:
        response = StreamingHttpResponse(file.chunks, content_type=file.content_type)
    else:
        response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
