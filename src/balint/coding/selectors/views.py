"""The analysis views: filters, theme frequency by month, co-occurrence, quotes, cached aggregates."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth

from balint.coding.models import (
    Case,
    CaseSpan,
    Category,
    Coding,
    CodingDone,
    Source,
    Theme,
)
from balint.coding.selectors.workspace import active_themes
from balint.programs.models import Cohort, Group, Person, Program

# ---- filters shared by the views -------------------------------------------------------------------


def _presented_by(cohort: Cohort) -> QuerySet[CaseSpan]:
    """The session notes a resident of this cohort presented: a note carries no cohort of its own (the room
    is mixed), its presenter's case does (coding/services/note_cases.py), stored by the cohort's name."""
    return CaseSpan.objects.filter(
        case__program_id=cohort.program_id,
        case__kind=Case.Kind.RESIDENT,
        case__attributes__cohort=cohort.name,
    ).values("source_id")


@dataclass
class Filters:
    group: Any = None
    cohort: Any = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: str = ""
    perspective: str | None = None
    coder: Person | None = None

    def key(self) -> tuple:
        """The filters as plain values, for a cache key."""
        return (
            getattr(self.group, "pk", None),
            getattr(self.cohort, "pk", None),
            str(self.date_from),
            str(self.date_to),
            self.kind,
            self.perspective,
            getattr(self.coder, "pk", None),
        )

    def codings(self, sources: QuerySet[Source]) -> QuerySet[Coding]:
        rows = Coding.objects.filter(source__in=self.sources(sources).values("pk"), theme__active=True)
        if self.perspective is not None:
            rows = rows.filter(perspective=self.perspective)
        if self.coder is not None:
            rows = rows.filter(coder=self.coder)
        return rows

    def sources(self, sources: QuerySet[Source]) -> QuerySet[Source]:
        if self.group is not None:
            sources = sources.filter(group=self.group)
        if self.cohort is not None:
            sources = sources.filter(Q(cohort=self.cohort) | Q(pk__in=_presented_by(self.cohort)))
        if self.date_from:
            sources = sources.filter(date__gte=self.date_from)
        if self.date_to:
            sources = sources.filter(date__lte=self.date_to)
        if self.kind:
            sources = sources.filter(kind=self.kind)
        return sources


@dataclass
class Timeline:
    months: list[str]
    themes: list[dict[str, Any]]  # name, colour, counts per month
    categories: list[dict[str, Any]]
    total: int
    undated: int


def coding_counts(*, codings: QuerySet[Coding]) -> list[tuple[Any, int, str, int]]:
    """(month of the source's date or None, theme id, perspective, codings) for these codings (one query):
    what the timeline and the perspective counts are both summed from."""
    return list(
        codings.annotate(month=TruncMonth("source__date"))
        .values_list("month", "theme_id", "perspective")
        .annotate(n=Count("pk"))
        .order_by()
    )


def theme_frequency_by_month(
    *,
    program: Program,
    codings: QuerySet[Coding],
    top: int | None = None,
    counts: list[tuple[Any, int, str, int]] | None = None,
) -> Timeline:
    """Codings per theme (most coded first; past `top`, the rest as one row) and per category for each month
    of the sources' dates, summed from `coding_counts` (its one query unless the caller has the counts)."""
    summed: Counter[tuple[Any, int]] = Counter()
    undated = 0
    for month, theme_id, _, n in coding_counts(codings=codings) if counts is None else counts:
        if month is None:
            undated += n
        else:
            summed[(month, theme_id)] += n
    rows = sorted(
        (month, theme_id, n) for (month, theme_id), n in summed.items()
    )  # ties rank alike each time
    themes = {t.pk: t for t in Theme.objects.filter(program=program).select_related("category")}
    months = sorted({_month(m) for m, _, _ in rows})
    if months:
        months = _month_range(months[0], months[-1])
    index = {m: i for i, m in enumerate(months)}
    per_theme: dict[int, list[int]] = defaultdict(lambda: [0] * len(months))
    per_category: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for month, theme_id, n in rows:
        per_theme[theme_id][index[_month(month)]] += n
        theme = themes.get(theme_id)
        category = theme.category.name if theme and theme.category else "Uncategorised"
        per_category[category][index[_month(month)]] += n
    ranked = sorted(per_theme.items(), key=lambda item: -sum(item[1]))
    theme_rows = [
        {
            "code": str(themes[tid].code),
            "name": themes[tid].name,
            "colour": themes[tid].colour,
            "counts": counts,
        }
        for tid, counts in ranked[:top]
    ]
    if top is not None and len(ranked) > top:
        rest = [sum(counts[i] for _, counts in ranked[top:]) for i in range(len(months))]
        theme_rows.append({"code": "", "name": "All other themes", "colour": "#999999", "counts": rest})
    order = {c.name: c.position for c in Category.objects.filter(program=program)}
    category_rows = [
        {"name": name, "colour": CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)], "counts": counts}
        for i, (name, counts) in enumerate(sorted(per_category.items(), key=lambda kv: order.get(kv[0], 99)))
    ]
    return Timeline(
        months=months,
        themes=theme_rows,
        categories=category_rows,
        total=sum(n for *_, n in rows),
        undated=undated,
    )


CATEGORY_COLOURS = ["#e76f51", "#2a9d8f", "#57cc99", "#8ecae6", "#adb5bd", "#ff8fab", "#6d597a", "#f4a261"]


def _month(value: datetime.date | datetime.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months


@dataclass
class CoOccurrence:
    themes: list[Theme]
    matrix: list[list[int]]
    maximum: int


def co_occurrence(*, program: Program, codings: QuerySet[Coding]) -> CoOccurrence:
    """How often codings of two themes overlap in the same passage (any coders); two queries."""
    rows = list(codings.values_list("source_id", "start", "end", "theme_id").order_by("source_id", "start"))
    pairs: Counter[tuple[int, int]] = Counter()
    current_source = None
    open_spans: list[tuple[int, int]] = []  # (end, theme)
    for source_id, start, end, theme_id in rows:
        if source_id != current_source:
            current_source, open_spans = source_id, []
        open_spans = [(e, t) for e, t in open_spans if e > start]
        for _, other in open_spans:
            if other != theme_id:
                pairs[(min(other, theme_id), max(other, theme_id))] += 1
        open_spans.append((end, theme_id))
    used = Counter(theme_id for *_, theme_id in rows)
    themes = [t for t, _ in active_themes(program=program) if used[t.pk]]
    matrix = [
        [used[a.pk] if a.pk == b.pk else pairs[(min(a.pk, b.pk), max(a.pk, b.pk))] for b in themes]
        for a in themes
    ]
    maximum = max([v for i, row in enumerate(matrix) for j, v in enumerate(row) if i != j] or [0])
    return CoOccurrence(themes=themes, matrix=matrix, maximum=maximum)


def perspective_counts(
    *, codings: QuerySet[Coding], counts: list[tuple[Any, int, str, int]] | None = None
) -> list[tuple[str, int]]:
    """Codings per perspective, summed from `coding_counts` (its one query unless the caller has them)."""
    found: Counter[str] = Counter()
    for _, _, perspective, n in coding_counts(codings=codings) if counts is None else counts:
        found[perspective] += n
    return [(label, found.get(value, 0)) for value, label in Coding.Perspective.choices]


# ---- cached aggregates -------------------------------------------------------------------------------
#
# The theme views and the agreement page aggregate every coding of the program. Their results are kept in
# Django's cache (the database cache every process shares), stamped with a fingerprint of the rows they are
# computed from, so a repeat view costs a few small queries. Only numbers, ids, names of themes and unit
# offsets are cached, never a source's text or any other encrypted field.

CACHE_SECONDS = 7 * 24 * 3600


def data_version(*, program: Program) -> tuple:
    """Count, sum of ids and latest change of the program's codings, "coded" marks, sources, themes,
    categories, groups and cohorts (one query).

    Any add or delete changes a count or sum, any edit saved through the services (`updated_at`) the latest
    change; re-pointing codings in bulk (merge, split) saves the theme too. Read before computing what is
    cached, so a result stored under a version is never older than it.
    """
    return _versions(
        {
            "codings": Coding.objects.filter(source__program=program),
            "done": CodingDone.objects.filter(source__program=program),
            "sources": Source.objects.filter(program=program),
            "themes": Theme.objects.filter(program=program),
            "categories": Category.objects.filter(program=program),
            "groups": Group.objects.filter(program=program),
            "cohorts": Cohort.objects.filter(program=program),
        }
    )


def _versions(parts: dict[str, QuerySet]) -> tuple:
    """Count, sum of ids and latest `updated_at` of each part, in one query."""
    queries = [
        rows.order_by()
        .annotate(part=Value(name))
        .values("part")
        .annotate(n=Count("pk"), total=Sum("pk"), latest=Max("updated_at"))
        .values_list("part", "n", "total", "latest")
        for name, rows in parts.items()
    ]
    found = {row[0]: row[1:] for row in queries[0].union(*queries[1:], all=True)}
    return tuple((name, *[str(v) for v in found.get(name, (0, None, None))]) for name in parts)


def shared_version(*, program: Program, coder_ids: list[int]) -> tuple:
    """What agreement among these coders is computed from (two queries): the program's sources at least two
    of them coded or marked as coded, with each coder's codings there (count, sum of ids, latest change),
    "coded" marks and the source's own latest change, and the program's themes.

    Narrower than `data_version`: a coding on a source only one of the coders has touched leaves it
    unchanged (most coding is single; double coding is a sample), while a second coder's first coding or
    mark adds the source, and an edit, delete or text change of a shared source changes it. It spans every
    source of the program, visible or not: what decides visibility beyond the source's own row (which it
    holds) belongs in the cache scope, as `access.visibility_key`. Themes are in it because merge and split
    re-point codings in bulk and save the theme.
    """
    chosen = {"source__program": program, "coder_id__in": coder_ids}
    columns = ("kind", "source_id", "coder_id", "n", "total", "latest", "source__updated_at")
    codings = (
        Coding.objects.filter(**chosen)
        .order_by()
        .values("source_id", "coder_id", "source__updated_at")
        .annotate(kind=Value("c"), n=Count("pk"), total=Sum("pk"), latest=Max("updated_at"))
        .values_list(*columns)
    )
    marks = (
        CodingDone.objects.filter(**chosen)
        .order_by()
        .annotate(kind=Value("d"), n=Value(1), total=F("pk"), latest=F("updated_at"))
        .values_list(*columns)
    )
    by_source: dict[int, list[tuple]] = defaultdict(list)
    for row in codings.union(marks, all=True):
        by_source[row[1]].append(row)
    shared = {
        source_id: sorted(rows)
        for source_id, rows in sorted(by_source.items())
        if len({row[2] for row in rows}) >= 2
    }
    return (_versions({"themes": Theme.objects.filter(program=program)}), tuple(shared.items()))


def cached(
    *,
    program: Program,
    name: str,
    scope: Hashable,
    compute: Callable[[], Any],
    version: Callable[[], tuple] | None = None,
) -> Any:
    """What `compute` returns for this program, page and scope, from the cache while the data is unchanged
    (`version`: what the result is computed from; every row of the program's analysis unless given).

    One entry per program, page and scope, stamped with the version it was computed from: a change replaces
    it, so a busy program's stale figures never pile up in the cache and push fresh ones out of it (the
    database cache culls a third of its entries when full, in key order)."""
    current = data_version(program=program) if version is None else version()
    stamp = hashlib.sha256(repr(current).encode()).hexdigest()
    key = f"balint.coding.{name}.{program.pk}.{hashlib.sha256(repr(scope).encode()).hexdigest()}"
    entry = cache.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
        return entry[1]
    value = compute()
    cache.set(key, (stamp, value), CACHE_SECONDS)
    return value


@dataclass
class ThemeViews:
    timeline: Timeline
    matrix: CoOccurrence
    perspectives: list[tuple[str, int]]


def theme_views(
    *, program: Program, sources: QuerySet[Source], filters: Filters, scope: Hashable
) -> ThemeViews:
    """Timeline, co-occurrence and perspectives of the filtered codings of these sources, cached per `scope`
    (which must name what decides the sources, e.g. `access.visibility_key`)."""

    def compute() -> dict:
        # Recomputed after every coding in the program (leaders code all day): the timeline, its undated
        # count and the perspectives are summed from one grouped query instead of three.
        codings = filters.codings(sources)
        matrix = co_occurrence(program=program, codings=codings)
        counts = coding_counts(codings=codings)
        return {
            "timeline": theme_frequency_by_month(program=program, codings=codings, counts=counts),
            "themes": [t.pk for t in matrix.themes],
            "matrix": matrix.matrix,
            "maximum": matrix.maximum,
            "perspectives": perspective_counts(codings=codings, counts=counts),
        }

    # The timeline's rows carry every theme and its code since the page lets people choose themes: the last
    # part of the scope keeps results stored before then (ten themes, no codes) from being read.
    data = cached(
        program=program, name="views", scope=(scope, filters.key(), "themes+codes"), compute=compute
    )
    themes = Theme.objects.in_bulk(data["themes"])
    return ThemeViews(
        timeline=data["timeline"],
        matrix=CoOccurrence(
            themes=[themes[pk] for pk in data["themes"]], matrix=data["matrix"], maximum=data["maximum"]
        ),
        perspectives=data["perspectives"],
    )
