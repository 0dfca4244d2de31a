"""Reads for the analysis workspace, each a fixed number of queries whatever the amount of coding."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth

from balint.coding.agreement import AgreementReport, Disagreement, agreement_report, disagreements
from balint.coding.models import (
    DEFAULT_CATEGORIES,
    AnalysisRound,
    Category,
    Coding,
    CodingDone,
    Memo,
    Source,
    Theme,
)
from balint.coding.people import coder_names as coder_names_for
from balint.coding.services.codebook import theme_tree
from balint.coding.services.sources import note_origin
from balint.coding.units import CodedSpan, Granularity, Unit, split_units, themes_by_unit
from balint.core.dates import moment
from balint.core.services import get_object
from balint.meetings import selectors as meeting_selectors
from balint.meetings.models import MeetingNote
from balint.programs.access import Roles
from balint.programs.models import Cohort, Group, Person, Program


def source_list(*, sources: QuerySet[Source]) -> QuerySet[Source]:
    return (
        sources.select_related("group", "cohort")
        .annotate(
            coding_count=Count("codings", distinct=True),
            coder_count=Count("codings__coder", distinct=True),
        )
        .order_by("-date", "title")
    )


def active_themes(*, program: Program) -> list[tuple[Theme, int]]:
    """Active themes depth-first with their depth (one query)."""
    return theme_tree(Theme.objects.filter(program=program, active=True).select_related("category"))


def codebook(*, program: Program, sources: QuerySet[Source]) -> list[tuple[Theme, int]]:
    """Active themes in tree order, each annotated with `coding_count` over the visible sources."""
    themes = (
        Theme.objects.filter(program=program, active=True)
        .select_related("category")
        .annotate(coding_count=Count("codings", filter=Q(codings__source__in=sources.values("pk"))))
    )
    return theme_tree(themes)


def coders(*, program: Program) -> list[Person]:
    """People who have applied at least one code in the program."""
    return list(Person.objects.filter(codings__source__program=program).distinct().order_by("full_name"))


# ---- small reads of the workspace pages ------------------------------------------------------------------


@dataclass
class WorkspaceSummary:
    source_count: int
    theme_count: int
    coding_count: int
    my_coding_count: int
    open_round: AnalysisRound | None
    round_count: int


def workspace_summary(
    *, program: Program, sources: QuerySet[Source], person: Person | None
) -> WorkspaceSummary:
    """The workspace's counts over the visible sources, and its open round."""
    codings = Coding.objects.filter(source__in=sources.values("pk"))
    rounds = AnalysisRound.objects.filter(program=program)
    return WorkspaceSummary(
        source_count=sources.count(),
        theme_count=Theme.objects.filter(program=program, active=True).count(),
        coding_count=codings.count(),
        my_coding_count=codings.filter(coder=person).count(),
        open_round=rounds.filter(closed_at__isnull=True).first(),
        round_count=rounds.count(),
    )


def sources_narrowed(
    *, sources: QuerySet[Source], kind: str = "", group: Group | None = None
) -> QuerySet[Source]:
    """The sources of one kind and of one group, when given; an unknown kind leaves them all."""
    if kind in Source.Kind.values:
        sources = sources.filter(kind=kind)
    return sources.filter(group=group) if group is not None else sources


def notes_waiting(*, program: Program, leader: Person) -> list[MeetingNote]:
    """Session notes of the groups `leader` leads that are not yet in the analysis.

    Only the screened text (`content` / `process`, saved by hand) is ever sent: an autosaved draft stays in
    the note's form, and a note that has nothing but a draft is not waiting to be sent.
    """
    sent = set(
        Source.objects.filter(program=program, kind=Source.Kind.SESSION_NOTE).values_list("origin", flat=True)
    )
    notes = meeting_selectors.screened_notes_led_by(program=program, leader=leader)
    return [n for n in notes if note_origin(n) not in sent and (n.content or n.process).strip()]


def source_memos(*, source: Source) -> QuerySet[Memo]:
    """Memos on the source as a whole (memos on one of its codings show beside that coding)."""
    return source.memos.filter(coding__isnull=True).select_related("author")


def categories(*, program: Program) -> list[Category]:
    """The program's categories; before any is stored, the default list (unsaved, nothing is written)."""
    stored = list(Category.objects.filter(program=program))
    return stored or [
        Category(program=program, name=name, position=i) for i, name in enumerate(DEFAULT_CATEGORIES)
    ]


def retired_themes(*, program: Program) -> QuerySet[Theme]:
    return Theme.objects.filter(program=program, active=False).select_related("merged_into")


def theme_of(*, program: Program, code: str) -> Theme:
    """A theme of the program by code, else 404."""
    return get_object(Theme.objects.filter(program=program), code=code)


def coding_in(*, sources: QuerySet[Source], code: str) -> Coding:
    """A coding on one of these sources by code, else 404."""
    return get_object(
        Coding.objects.filter(source__in=sources.values("pk")).select_related("source", "theme"), code=code
    )


@dataclass
class ThemePage:
    children: QuerySet[Theme]
    coding_count: int
    quotes: list[Coding]
    memos: QuerySet[Memo]
    merged_from: QuerySet[Theme]


def theme_page(*, theme: Theme, sources: QuerySet[Source]) -> ThemePage:
    """A theme's sub-themes, its codings on the visible sources, some quotes, its memos, merged themes."""
    codings = Coding.objects.filter(theme=theme, source__in=sources.values("pk"))
    return ThemePage(
        children=Theme.objects.filter(parent=theme, active=True),
        coding_count=codings.count(),
        quotes=quotes(codings=codings, theme=None, limit=30),
        memos=theme.memos.select_related("author"),
        merged_from=theme.merged_from.all(),
    )


def theme_coders(*, theme: Theme, sources: QuerySet[Source]) -> QuerySet[Person]:
    """People who applied the theme on the visible sources."""
    return Person.objects.filter(codings__theme=theme, codings__source__in=sources.values("pk")).distinct()


def rounds(*, program: Program, closed: bool | None = None) -> list[AnalysisRound]:
    """The program's analysis rounds by number; only the closed (or open) ones when asked."""
    found = AnalysisRound.objects.filter(program=program).select_related("closed_by")
    if closed is not None:
        found = found.filter(closed_at__isnull=not closed)
    return list(found)


def round_before(*, analysis_round: AnalysisRound) -> AnalysisRound | None:
    """The last closed round before this one."""
    return AnalysisRound.objects.filter(
        program=analysis_round.program, number__lt=analysis_round.number, closed_at__isnull=False
    ).last()


@dataclass
class CodingPage:
    themes: list[dict[str, Any]]
    codings: list[dict[str, Any]]
    coders: list[str]
    sentences: list[tuple[int, int]]
    done: bool


def coding_page(*, source: Source, person: Person, mine_only: bool, roles: Roles | None) -> CodingPage:
    """Everything the coding page's script needs, in three queries: themes, codings, done mark."""
    tree = active_themes(program=source.program)
    all_themes = {t.pk: t for t in Theme.objects.filter(program=source.program)}
    theme_index: dict[int, int] = {}
    themes = []
    for theme, depth in tree:
        theme_index[theme.pk] = len(themes)
        themes.append(
            {
                "code": str(theme.code),
                "name": theme.name,
                "colour": theme.colour,
                "depth": depth,
                "category": theme.category.name if theme.category else "",
            }
        )
    rows = Coding.objects.filter(source=source).order_by("start", "end")
    if mine_only:
        rows = rows.filter(coder=person)
    rows = list(rows.values_list("code", "theme_id", "coder_id", "start", "end", "perspective", "created_at"))
    names = coder_names_for(
        program=source.program, people=Person.objects.filter(pk__in={r[2] for r in rows}), roles=roles
    )
    coder_names: list[str] = []
    coder_index: dict[int, int] = {}
    codings = []
    zone = source.program.zone
    for code, theme_id, coder_id, start, end, perspective, created_at in rows:
        if theme_id not in theme_index:  # an inactive theme keeps no codings, but stay safe
            theme = all_themes[theme_id]
            theme_index[theme.pk] = len(themes)
            themes.append(
                {
                    "code": str(theme.code),
                    "name": theme.name,
                    "colour": theme.colour,
                    "depth": 0,
                    "category": "",
                    "retired": True,
                }
            )
        if coder_id not in coder_index:
            coder_index[coder_id] = len(coder_names)
            coder_names.append(names.get(coder_id, ""))
        codings.append(
            {
                "id": str(code),
                "t": theme_index[theme_id],
                "s": start,
                "e": end,
                "c": coder_index[coder_id],
                "m": coder_id == person.pk,
                "p": perspective,
                "at": moment(created_at, zone),
            }
        )
    units = split_units(text=source.text, granularity=Granularity.SENTENCE)
    done = CodingDone.objects.filter(source=source, coder=person).exists()
    return CodingPage(
        themes=themes,
        codings=codings,
        coders=coder_names,
        sentences=[(u.start, u.end) for u in units],
        done=done,
    )


# ---- filters shared by the views -------------------------------------------------------------------


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
            sources = sources.filter(cohort=self.cohort)
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


def theme_frequency_by_month(
    *, program: Program, codings: QuerySet[Coding], top: int | None = None
) -> Timeline:
    """Codings per theme (most coded first; past `top`, the rest as one row) and per category for each month
    of the sources' dates (two queries)."""
    rows = list(
        codings.filter(source__date__isnull=False)
        .annotate(month=TruncMonth("source__date"))
        .values_list("month", "theme_id")
        .annotate(n=Count("pk"))
    )
    undated = codings.filter(source__date__isnull=True).count()
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


def quotes(*, codings: QuerySet[Coding], theme: Theme | None, limit: int = 200) -> list[Coding]:
    """Coded passages with their source, date and coder, newest session first (one query)."""
    rows = codings.select_related("source", "theme", "coder")
    if theme is not None:
        rows = rows.filter(theme=theme)
    return list(rows.order_by("-source__date", "source_id", "start")[:limit])


def perspective_counts(*, codings: QuerySet[Coding]) -> list[tuple[str, int]]:
    counts = dict(codings.values_list("perspective").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in Coding.Perspective.choices]


# ---- cached aggregates -------------------------------------------------------------------------------
#
# The theme views and the agreement page aggregate every coding of the program. Their results are kept in
# Django's cache (the database cache every process shares), keyed by a fingerprint of the rows they are
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
    parts = {
        "codings": Coding.objects.filter(source__program=program),
        "done": CodingDone.objects.filter(source__program=program),
        "sources": Source.objects.filter(program=program),
        "themes": Theme.objects.filter(program=program),
        "categories": Category.objects.filter(program=program),
        "groups": Group.objects.filter(program=program),
        "cohorts": Cohort.objects.filter(program=program),
    }
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


def cached(*, program: Program, name: str, scope: Hashable, compute: Callable[[], Any]) -> Any:
    """What `compute` returns for this program, page and scope, from the cache while the data is unchanged."""
    version = data_version(program=program)
    digest = hashlib.sha256(repr((version, scope)).encode()).hexdigest()
    key = f"balint.coding.{name}.{program.pk}.{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
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
        codings = filters.codings(sources)
        matrix = co_occurrence(program=program, codings=codings)
        return {
            "timeline": theme_frequency_by_month(program=program, codings=codings),
            "themes": [t.pk for t in matrix.themes],
            "matrix": matrix.matrix,
            "maximum": matrix.maximum,
            "perspectives": perspective_counts(codings=codings),
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


# ---- agreement ---------------------------------------------------------------------------------------


@dataclass
class DisagreementRow:
    source: Source
    unit: Unit
    text: str
    theme: Theme
    applied: list[tuple[str, bool | None]]  # (coder name, applied?) None when the coder did not code it


@dataclass
class Agreement:
    report: AgreementReport | None
    coders: list[Person]
    sources: int
    themes: dict[Hashable, Theme]
    disagreements: list[DisagreementRow] = field(default_factory=list)
    disagreement_count: int = 0


def agreement(
    *,
    program: Program,
    sources: QuerySet[Source],
    coders: Iterable[Person],
    granularity: str,
    uncoded: str,
    disagreement_limit: int = 40,
    scope: Hashable | None = None,
    roles: Roles | None = None,
) -> Agreement:
    """Agreement among the chosen coders over the sources at least two of them coded (four queries).

    A coder counts as having coded a source when they applied a code in it or marked it as coded. With a
    `scope` (what decides `sources`, e.g. `access.visibility_key` and the form's filters) the figures come
    from the cache while the program's coding is unchanged; the disagreements' text is read afresh.
    """
    coders = list(coders)
    coder_ids = [c.pk for c in coders]

    def compute() -> dict:
        return _agreement_figures(
            sources=sources,
            coder_ids=coder_ids,
            granularity=granularity,
            uncoded=uncoded,
            disagreement_limit=disagreement_limit,
        )

    if scope is None:
        data = compute()
    else:
        key = (scope, tuple(coder_ids), granularity, uncoded, disagreement_limit)
        data = cached(program=program, name="agreement", scope=key, compute=compute)
    themes = {t.pk: t for t in Theme.objects.filter(program=program)}
    result = Agreement(report=data["report"], coders=coders, sources=data["sources"], themes=themes)
    result.disagreement_count = data["disagreement_count"]
    shown = data["disagreements"]
    titles = {s.pk: s for s in Source.objects.filter(pk__in={source_id for source_id, *_ in shown})}
    names = coder_names_for(program=program, people=coders, roles=roles)
    for source_id, unit, theme_id, applied in shown:
        result.disagreements.append(
            DisagreementRow(
                source=titles[source_id],
                unit=unit,
                text=unit.text(titles[source_id].text),
                theme=themes[theme_id],
                applied=[(names[c], applied.get(c)) for c in coder_ids],
            )
        )
    return result


def _agreement_figures(
    *,
    sources: QuerySet[Source],
    coder_ids: list[int],
    granularity: str,
    uncoded: str,
    disagreement_limit: int,
) -> dict:
    """The figures and the first disagreements (as source id, unit, theme id, decisions): no text."""
    spans: dict[int, list[CodedSpan]] = defaultdict(list)
    coded_by: dict[int, set[int]] = defaultdict(set)
    for source_id, theme_id, coder_id, start, end in Coding.objects.filter(
        source__in=sources.values("pk"), coder_id__in=coder_ids
    ).values_list("source_id", "theme_id", "coder_id", "start", "end"):
        spans[source_id].append(CodedSpan(start=start, end=end, theme_id=theme_id, coder=coder_id))
        coded_by[source_id].add(coder_id)
    for source_id, coder_id in CodingDone.objects.filter(
        source__in=sources.values("pk"), coder_id__in=coder_ids
    ).values_list("source_id", "coder_id"):
        coded_by[source_id].add(coder_id)
    shared = [sid for sid, who in coded_by.items() if len(who) >= 2]
    texts = dict(Source.objects.filter(pk__in=shared).values_list("pk", "text"))
    coding: dict[Hashable, dict[Hashable, set[Hashable]]] = {c: {} for c in coder_ids}
    units_by_source: dict[int, list[Unit]] = {}
    for source_id in shared:
        units = split_units(text=texts[source_id], granularity=granularity)
        units_by_source[source_id] = units
        per_coder = themes_by_unit(units=units, spans=spans[source_id], coders=sorted(coded_by[source_id]))
        for coder_id, per_unit in per_coder.items():
            target = coding[coder_id]
            for index, themes in per_unit.items():
                target[(source_id, index)] = themes
    data: dict[str, Any] = {
        "report": None,
        "sources": len(shared),
        "disagreement_count": 0,
        "disagreements": [],
    }
    if len(coder_ids) < 2:
        return data
    data["report"] = agreement_report(coding=coding, uncoded=uncoded)
    found: list[Disagreement] = disagreements(coding=coding)
    data["disagreement_count"] = len(found)
    data["disagreements"] = [
        (item.unit[0], units_by_source[item.unit[0]][item.unit[1]], item.theme, dict(item.applied))
        for item in found[:disagreement_limit]
    ]
    return data


def memos_for(*, program: Program, sources: QuerySet[Source]) -> QuerySet[Memo]:
    """Memos on the whole analysis, themes, and visible sources and codings."""
    return (
        Memo.objects.filter(program=program)
        .filter(Q(source__isnull=True) | Q(source__in=sources.values("pk")))
        .select_related("author", "source", "theme", "coding__theme")
    )


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
