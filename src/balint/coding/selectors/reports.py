"""For reports: coded passages over a range as plain rows, themes and quotes by id."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from balint.coding.models import (
    Category,
    Coding,
    Source,
    Theme,
)
from balint.programs.models import Group, Program

# ---- for reports: coded passages over a range as plain rows ------------------------------------------------


class CodingRow(NamedTuple):
    pk: int
    source_id: int
    date: datetime.date
    kind: str  # the source's kind
    deidentified: bool
    theme_id: int
    coder_id: int
    perspective: str
    start: int
    end: int


def coding_rows(
    *,
    program: Program,
    date_from: datetime.date,
    date_to: datetime.date,
    group_ids: list[int],
    with_ungrouped: bool,
) -> list[CodingRow]:
    """Codings of active themes in dated sources of these groups (and of no group, if asked) (one query)."""
    return [
        CodingRow(*row)
        for row in Coding.objects.filter(
            source__program=program,
            theme__active=True,
            source__date__gte=date_from,
            source__date__lte=date_to,
        )
        .filter(
            Q(source__group_id__in=group_ids)
            | (Q(source__group__isnull=True) if with_ungrouped else Q(pk=None))
        )
        .order_by("source_id", "start", "end", "pk")
        .values_list(
            "pk",
            "source_id",
            "source__date",
            "source__kind",
            "source__deidentified",
            "theme_id",
            "coder_id",
            "perspective",
            "start",
            "end",
        )
    ]


def themes_by_id(*, program: Program) -> dict[int, Theme]:
    """Every theme of the program, active or not, with its category (one query)."""
    return {
        t.pk: t
        for t in Theme.objects.filter(program=program).select_related("category").order_by("position", "pk")
    }


def categories_in_order(*, program: Program) -> list[Category]:
    return list(Category.objects.filter(program=program).order_by("position", "name"))


def quote_texts(*, coding_ids: set[int]) -> dict[int, tuple[str, str, datetime.date]]:
    """Quote, source kind and source date of these codings (one query, none when there are none)."""
    return {
        pk: (quote, kind, day)
        for pk, quote, kind, day in Coding.objects.filter(pk__in=coding_ids).values_list(
            "pk", "quote", "source__kind", "source__date"
        )
    }


def source_counts(
    *, program: Program, date_from: datetime.date, date_to: datetime.date, group: Group | None
) -> tuple[QuerySet[Source], dict[str, int], int]:
    """The dated sources in the range (of the group, if given), their number by kind, and the undated ones."""
    sources = Source.objects.filter(program=program, date__gte=date_from, date__lte=date_to)
    if group is not None:
        sources = sources.filter(group=group)
    by_kind = dict(sources.values_list("kind").annotate(n=Count("pk")))
    undated = Source.objects.filter(program=program, date__isnull=True).count()
    return sources, by_kind, undated
