"""Applying themes to spans of a source, changing a coding's perspective, removing a coding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import Coding, Source, Theme
from balint.coding.spans import span_check
from balint.core.errors import ApplicationError
from balint.core.rows import columns, insert, instance
from balint.programs.models import Person

MAX_THEMES_PER_APPLY = 30


def check_span(*, source: Source, start: int, end: int, quote: str | None = None) -> str:
    """The text of [start, end) in the source; refused as `balint.coding.spans.span_check` refuses it."""
    return span_check(text=source.text, start=start, end=end, quote=quote)


@transaction.atomic
def coding_create(
    *,
    source: Source,
    coder: Person,
    themes: Sequence[Theme],
    start: int,
    end: int,
    perspective: str = "",
    quote: str | None = None,
) -> list[Coding]:
    """Apply each theme to the span for this coder; a theme already applied to that exact span is kept once.

    Returns the codings that now exist for the span and themes (new or already there), so a double
    submit adds nothing.
    """
    return span_apply(
        source=source, coder=coder, themes=themes, start=start, end=end, perspective=perspective, quote=quote
    ).codings


@dataclass(frozen=True)
class SpanApplied:
    """What `span_apply` did: the codings for the span (in the order of the themes), the ones it created and
    the perspective each coding already there had before (by pk)."""

    codings: list[Coding]
    created: list[Coding]
    before: dict[int, str]


def span_apply(
    *,
    source: Source,
    coder: Person,
    themes: Sequence[Theme],
    start: int,
    end: int,
    perspective: str = "",
    quote: str | None = None,
) -> SpanApplied:
    """`coding_create` inside the caller's transaction (no savepoint of its own): one query for the codings
    already on the span, one INSERT for the new ones, one UPDATE when a perspective changes."""
    if not themes:
        raise ApplicationError(_("Choose at least one theme."), extra={"field": "themes"})
    if len(themes) > MAX_THEMES_PER_APPLY:
        raise ApplicationError(_("Too many themes at once."), extra={"field": "themes"})
    if perspective not in Coding.Perspective.values:
        raise ApplicationError(_("Unknown perspective."), extra={"field": "perspective"})
    for theme in themes:
        if theme.program_id != source.program_id or not theme.active:
            raise ApplicationError(
                _("“{name}” is not an active theme of this codebook.").format(name=theme.name),
                extra={"field": "themes"},
            )
    text = check_span(source=source, start=start, end=end, quote=quote)
    themes = list(dict.fromkeys(themes))
    existing = {
        c.theme_id: c for c in _span_codings(source=source, coder=coder, start=start, end=end, themes=themes)
    }
    before = {c.pk: c.perspective for c in existing.values()}
    # The new codings in one INSERT; the quote is encrypted once per coding (each row its own token).
    new = [
        Coding(
            source=source,
            theme=theme,
            coder=coder,
            start=start,
            end=end,
            quote=text,
            perspective=perspective,
        )
        for theme in themes
        if theme.pk not in existing
    ]
    insert(new)  # one INSERT written as SQL (through bulk_create, building it cost more than running it)
    changed = [c for c in existing.values() if perspective and c.perspective != perspective]
    if changed:
        now = timezone.now()
        Coding.objects.filter(pk__in=[c.pk for c in changed]).update(perspective=perspective, updated_at=now)
        for coding in changed:
            coding.perspective, coding.updated_at = perspective, now
    made = {c.theme_id: c for c in new}
    for coding in existing.values():
        coding.theme = next(t for t in themes if t.pk == coding.theme_id)  # no query when the view reads it
    codings = [existing.get(theme.pk) or made[theme.pk] for theme in themes]
    return SpanApplied(codings=codings, created=new, before=before)


def _span_codings(
    *, source: Source, coder: Person, start: int, end: int, themes: list[Theme]
) -> list[Coding]:
    """The coder's codings of exactly this span with these themes, in one query written as SQL (asked once
    per highlight; through the ORM, building it cost twenty times running it)."""
    marks = ", ".join(["%s"] * len(themes))
    sql = (
        'SELECT {columns} FROM "{table}" c WHERE c."source_id" = %s AND c."coder_id" = %s '
        'AND c."start" = %s AND c."end" = %s AND c."theme_id" IN ({marks})'
    )
    sql = sql.format(columns=columns(Coding, "c"), table=Coding._meta.db_table, marks=marks)
    with connection.cursor() as cursor:
        cursor.execute(sql, [source.pk, coder.pk, start, end, *(t.pk for t in themes)])
        return [instance(Coding, row) for row in cursor.fetchall()]


@transaction.atomic
def coding_delete(*, coding: Coding, by: Person) -> None:
    """Remove a coding; only its own coder may remove it."""
    if coding.coder_id != by.pk:
        raise ApplicationError(
            _("Only the coder who applied a code can remove it."), extra={"coding": str(coding.code)}
        )
    coding.delete()


@transaction.atomic
def coding_set_perspective(*, coding: Coding, by: Person, perspective: str) -> Coding:
    """Mark whose experience the coded passage speaks of; only its own coder may change it."""
    if coding.coder_id != by.pk:
        raise ApplicationError(
            _("Only the coder who applied a code can change it."), extra={"coding": str(coding.code)}
        )
    if perspective not in Coding.Perspective.values:
        raise ApplicationError(_("Unknown perspective."), extra={"field": "perspective"})
    coding.perspective = perspective
    coding.save(update_fields=["perspective", "updated_at"])
    return coding
