"""Exports through the exchange app's own functions: REFI-QDA project and codebook, and CSV tables."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from balint.api.errors import WRITE_ERRORS
from balint.exchange import qda
from balint.exchange.spreadsheets.tables import TABLES
from balint.exchange.spreadsheets.writer import csv_bytes
from balint.privacy.audit import audit_record
from balint.programs.access import get_program_for

router = Router(tags=["exports"])


def _binary(media_type: str, description: str) -> dict:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/programs/{slug}/exports/qdpx",
    response={200: None, **WRITE_ERRORS},
    url_name="export_qdpx",
    openapi_extra=_binary("application/zip", "REFI-QDA project (.qdpx)"),
)
def export_qdpx(request: HttpRequest, slug: str) -> HttpResponse:
    """The analysis as a REFI-QDA project: the sources the caller may export, coders by name or pseudonym."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    data = qda.qdpx_export(program=program, scope=qda.export_scope(program, roles))
    audit_record(
        action="exported", request=request, object_type="qdpx", object_code=program.code, program=program
    )
    return _download(data, "application/zip", f"{program.slug}-analysis.qdpx")


@router.get(
    "/programs/{slug}/exports/qdc",
    response={200: None, **WRITE_ERRORS},
    url_name="export_qdc",
    openapi_extra=_binary("application/xml", "REFI-QDA codebook (.qdc)"),
)
def export_qdc(request: HttpRequest, slug: str) -> HttpResponse:
    """The active codebook as a REFI-QDA codebook; an empty codebook is refused with 400."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    data = qda.qdc_export(program=program)
    audit_record(
        action="exported", request=request, object_type="qdc", object_code=program.code, program=program
    )
    return _download(data, "application/xml", f"{program.slug}-codebook.qdc")


@router.get(
    "/programs/{slug}/tables/{key}.csv",
    response={200: None, **WRITE_ERRORS},
    url_name="export_table",
    openapi_extra=_binary("text/csv", "The table as CSV (formula-safe cells)"),
)
def export_table(
    request: HttpRequest, slug: str, key: Literal["codings", "attendance", "polls", "transcripts"]
) -> HttpResponse:
    """One of the exchange tables as CSV, limited to what the caller may see (as on the Exchange page)."""
    table = TABLES[key]
    program, roles = get_program_for(request, slug, table.allowed)
    data = csv_bytes(table.header, table.rows(program, roles))
    audit_record(
        action="exported",
        request=request,
        object_type=f"{key} table",
        object_code=program.code,
        program=program,
    )
    return _download(data, "text/csv; charset=utf-8", f"{program.slug}-{key}.csv")
