"""Reads of the workspace pages: sources, codebook, rounds, the coding page."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Q, QuerySet

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
from balint.coding.units import Granularity, split_units
from balint.core.dates import moment
from balint.core.services import get_object
from balint.meetings import selectors as meeting_selectors
from balint.meetings.models import MeetingNote
from balint.programs.access import Roles
from balint.programs.models import Group, Person, Program


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
    """Active themes in tree order, each annotated with `coding_count` over the visible sources (the rules
    and the encrypted example quote, which the codebook page does not show, are not read)."""
    themes = (
        Theme.objects.filter(program=program, active=True)
        .select_related("category")
        .defer("inclusion", "exclusion", "example")
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
    """Everything the coding page's script needs: the themes (one query, no model built, no encrypted
    field read), the codings, their coders' names (only when there are codings) and the done mark."""
    rows_of_themes = Theme.objects.filter(program=source.program).values_list(
        "pk", "parent_id", "active", "code", "name", "colour", "category__name"
    )
    all_themes = {row[0]: SimpleNamespace(pk=row[0], parent_id=row[1], row=row) for row in rows_of_themes}
    tree = theme_tree(t for t in all_themes.values() if t.row[2])
    theme_index: dict[int, int] = {}
    themes = []
    for theme, depth in tree:
        _pk, _parent, _active, code, name, colour, category = theme.row
        theme_index[theme.pk] = len(themes)
        themes.append(
            {"code": str(code), "name": name, "colour": colour, "depth": depth, "category": category or ""}
        )
    rows = Coding.objects.filter(source=source).order_by("start", "end")
    if mine_only:
        rows = rows.filter(coder=person)
    rows = list(rows.values_list("code", "theme_id", "coder_id", "start", "end", "perspective", "created_at"))
    coder_ids = {r[2] for r in rows}
    people = Person.objects.filter(pk__in=coder_ids) if coder_ids else []
    names = coder_names_for(program=source.program, people=people, roles=roles)
    coder_names: list[str] = []
    coder_index: dict[int, int] = {}
    codings = []
    zone = source.program.zone
    for code, theme_id, coder_id, start, end, perspective, created_at in rows:
        if theme_id not in theme_index:  # an inactive theme keeps no codings, but stay safe
            _pk, _parent, _active, theme_code, name, colour, _category = all_themes[theme_id].row
            theme_index[theme_id] = len(themes)
            themes.append(
                {
                    "code": str(theme_code),
                    "name": name,
                    "colour": colour,
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


def quotes(*, codings: QuerySet[Coding], theme: Theme | None, limit: int = 200) -> list[Coding]:
    """Coded passages with their source, date and coder, newest session first (one query)."""
    rows = codings.select_related("source", "theme", "coder")
    if theme is not None:
        rows = rows.filter(theme=theme)
    return list(rows.order_by("-source__date", "source_id", "start")[:limit])
