"""Exports through the exchange app's own functions: REFI-QDA project and codebook, and CSV tables."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from balint.api.errors import WRITE_ERRORS
from balint.core.downloads import download_response
from balint.exchange.services import codebook_export, project_export, table_export
from balint.exchange.spreadsheets.tables import TABLES
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


@router.get(
    "/programs/{slug}/exports/qdpx",
    response={200: None, **WRITE_ERRORS},
    url_name="export_qdpx",
    openapi_extra=_binary("application/zip", "REFI-QDA project (.qdpx)"),
)
def export_qdpx(request: HttpRequest, slug: str) -> HttpResponse:
    """The analysis as a REFI-QDA project: the sources the caller may export, coders by name or pseudonym."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    return download_response(project_export(program=program, roles=roles, request=request))


@router.get(
    "/programs/{slug}/exports/qdc",
    response={200: None, **WRITE_ERRORS},
    url_name="export_qdc",
    openapi_extra=_binary("application/xml", "REFI-QDA codebook (.qdc)"),
)
def export_qdc(request: HttpRequest, slug: str) -> HttpResponse:
    """The active codebook as a REFI-QDA codebook; an empty codebook is refused with 400."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    return download_response(codebook_export(program=program, roles=roles, request=request))


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
    program, roles = get_program_for(request, slug, TABLES[key].allowed)
    return download_response(
        table_export(program=program, roles=roles, key=key, extension="csv", request=request, stream=True)
    )
