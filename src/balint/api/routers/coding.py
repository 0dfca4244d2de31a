"""Sources, the codebook and codings, limited to the sources the caller may see (balint.coding.access)."""

import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from balint.api.errors import READ_ERRORS, WRITE_ERRORS
from balint.api.pagination import Page
from balint.api.schemas import DateRange, body_doc, json_body
from balint.coding import selectors
from balint.coding.access import get_coding_for, get_source_for, get_workspace_for, visible_sources
from balint.coding.models import Coding, Source, Theme
from balint.coding.services import history
from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.privacy.pseudonyms import pseudonym

router = Router(tags=["analysis"])

KINDS = Literal["session_note", "survey_transcript", "document"]
PERSPECTIVES = Literal["", "resident", "patient", "both"]


class SourceOut(Schema):
    code: UUID
    kind: str
    title: str
    date: datetime.date | None
    group: UUID | None
    deidentified: bool
    attributes: dict[str, str]
    characters: int
    coding_count: int

    @staticmethod
    def resolve_group(obj: Source) -> UUID | None:
        return obj.group.code if obj.group else None

    @staticmethod
    def resolve_characters(obj: Source) -> int:
        # The text is encrypted at rest, so SQL cannot measure it; one page of texts is decrypted here.
        return len(obj.text)


class SourceDetailOut(SourceOut):
    text: str


class SourceFilters(DateRange):
    kind: KINDS | None = None


class ThemeOut(Schema):
    code: UUID
    name: str
    parent: UUID | None
    depth: int
    category: str | None
    definition: str
    inclusion: str
    exclusion: str
    example: str
    colour: str


class CodingOut(Schema):
    code: UUID
    source: UUID
    theme: UUID
    theme_name: str
    start: int = Field(description="Offset in Unicode characters of the source text.")
    end: int
    quote: str
    perspective: str
    coder: str  # a name for leaders; a stable pseudonym for analysts (as in exports)
    created_at: datetime.datetime

    @staticmethod
    def resolve_source(obj: Coding) -> UUID:
        return obj.source.code

    @staticmethod
    def resolve_theme(obj: Coding) -> UUID:
        return obj.theme.code

    @staticmethod
    def resolve_theme_name(obj: Coding) -> str:
        return obj.theme.name

    @staticmethod
    def resolve_coder(obj: Coding, context: dict) -> str:
        return context["request"].coder_label(obj)


class CodingFilters(DateRange):
    theme: UUID | None = None
    source: UUID | None = None


class CodingIn(Schema):
    themes: list[UUID] = Field(min_length=1, max_length=20)
    start: int = Field(ge=0, le=2_000_000)
    end: int = Field(ge=1, le=2_000_000)
    perspective: PERSPECTIVES = ""
    quote: str | None = Field(None, max_length=2_000_000, description="If given, must equal the span's text.")


@router.get(
    "/programs/{slug}/sources", response={200: list[SourceOut], **READ_ERRORS}, url_name="source_list"
)
@paginate(Page)
def source_list(request: HttpRequest, slug: str, filters: Query[SourceFilters]):
    """Sources the caller may code, newest first, filtered by the source's date (`from`/`to`) and kind."""
    program, roles = get_workspace_for(request, slug)
    sources = selectors.Filters(date_from=filters.date_from, date_to=filters.date_to, kind=filters.kind or "")
    rows = selectors.source_list(sources=sources.sources(visible_sources(roles)))
    return rows.order_by("-date", "title", "pk")


@router.get("/sources/{code}", response={200: SourceDetailOut, **READ_ERRORS}, url_name="source_detail")
def source_detail(request: HttpRequest, code: UUID) -> Source:
    """One source with its text (offsets of codings count Unicode characters of this text)."""
    source, roles = get_source_for(request, code)
    source.coding_count = source.codings.count()
    return source


@router.get("/programs/{slug}/codebook", response={200: list[ThemeOut], **READ_ERRORS}, url_name="codebook")
def codebook(request: HttpRequest, slug: str) -> list[dict]:
    """Active themes depth-first, each with its parent, category and definition."""
    program, roles = get_workspace_for(request, slug)
    tree = selectors.active_themes(program=program)
    codes = {theme.pk: theme.code for theme, _ in tree}
    return [
        {
            "code": theme.code,
            "name": theme.name,
            "parent": codes.get(theme.parent_id),
            "depth": depth,
            "category": theme.category.name if theme.category else None,
            "definition": theme.definition,
            "inclusion": theme.inclusion,
            "exclusion": theme.exclusion,
            "example": theme.example,
            "colour": theme.colour,
        }
        for theme, depth in tree
    ]


def _coder_label(program, identities: bool):
    def label(coding: Coding) -> str:
        return coding.coder.full_name if identities else pseudonym(program, coding.coder.code).name

    return label


@router.get(
    "/programs/{slug}/codings", response={200: list[CodingOut], **READ_ERRORS}, url_name="coding_list"
)
@paginate(Page)
def coding_list(request: HttpRequest, slug: str, filters: Query[CodingFilters]):
    """Codings on the sources the caller may see, by the source's date (`from`/`to`), theme and source."""
    program, roles = get_workspace_for(request, slug)
    rows = selectors.Filters(date_from=filters.date_from, date_to=filters.date_to).codings(
        visible_sources(roles)
    )
    if filters.theme:
        rows = rows.filter(theme__code=filters.theme)
    if filters.source:
        rows = rows.filter(source__code=filters.source)
    request.coder_label = _coder_label(program, qda.export_scope(program, roles).identities)
    return rows.select_related("source", "theme", "coder").order_by(
        "source__date", "source_id", "start", "pk"
    )


@router.post(
    "/sources/{code}/codings",
    response={201: list[CodingOut], **WRITE_ERRORS},
    url_name="coding_create",
    openapi_extra=body_doc(CodingIn),
)
def coding_create(request: HttpRequest, code: UUID) -> Status:
    """Apply themes to a span as the caller; applying the same theme to the same span again adds nothing.

    Recorded as one step of the caller's coding history, as on the coding page: their undo there takes it
    back (and redo plays it again), also after a reload.
    """
    source, roles = get_source_for(request, code)
    body = json_body(request, CodingIn)
    themes = list(Theme.objects.filter(program=source.program, code__in=body.themes))
    if len(themes) != len(set(body.themes)):
        raise ApplicationError(_("Unknown theme in this program's codebook."), extra={"field": "themes"})
    codings = history.coding_apply(
        source=source,
        coder=roles.person,
        themes=themes,
        start=body.start,
        end=body.end,
        perspective=body.perspective,
        quote=body.quote,
    )
    request.coder_label = _coder_label(source.program, qda.export_scope(source.program, roles).identities)
    return Status(201, codings)


@router.delete("/codings/{code}", response={204: None, **WRITE_ERRORS}, url_name="coding_delete")
def coding_delete(request: HttpRequest, code: UUID) -> Status:
    """Remove one of the caller's own codings (another coder's is refused with 403).

    Recorded as one step of the caller's coding history, as on the coding page: their undo there puts the
    coding back with its code, span, perspective and date (and redo removes it again).
    """
    coding, roles = get_coding_for(request, code)
    if coding.coder_id != roles.person.pk:
        raise PermissionDenied(_("Only the coder who applied a code can remove it."))
    history.coding_remove(coding=coding, by=roles.person)
    return Status(204, None)
