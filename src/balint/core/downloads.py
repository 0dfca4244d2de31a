"""A file an export service built, and the one way a page or endpoint hands it over as a download."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse


@dataclass(frozen=True)
class ExportFile:
    """The bytes of an export with the file name and media type it is downloaded under."""

    data: bytes
    name: str
    content_type: str
    summary: str = ""


def download_response(file: ExportFile) -> HttpResponse:
    """The file as an attachment (the browser saves it under `file.name`)."""
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
