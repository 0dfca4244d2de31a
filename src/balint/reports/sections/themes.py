"""Coded passages: themes ranked, categories over time, perspectives, and each top theme's quotes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from balint.coding.models import Category, Coding, Source, Theme
from balint.coding.selectors import CodingRow, categories_in_order, coding_rows, themes_by_id
from balint.coding.starter import category_key
from balint.programs.models import Program
from balint.reports.sections.periods import Period, period_index
from balint.reports.sections.quotes import QUOTE_THEMES, Quote, best_quotes, quotes_for
from balint.reports.sections.scope import Scope

CATEGORY_COLOURS = {
    "balint process": "#2f6f73",
    "professional development": "#e9a23b",
    "practical patient care": "#d9822b",
    "group process": "#6aa5a8",
    "structure and logistics": "#8d99a6",
    "well-being": "#7fb069",
}
OTHER_COLOURS = ["#b56576", "#6d597a", "#355070", "#e56b6f", "#a3b18a", "#bc6c25"]
PERSPECTIVE_COLOURS = {"resident": "#2f6f73", "patient": "#e9a23b", "both": "#a9b4bd"}
BALINT_CATEGORY = "balint process"


@dataclass
class ThemeRow:
    name: str
    category: str
    colour: str
    codings: int
    sources: int
    in_notes: int
    in_surveys: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class CategoryRow:
    name: str
    colour: str
    counts: list[int]  # per period

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def halves(self) -> tuple[int, int]:
        """Passages in the first and the second half of the periods (the middle one counts in the second)."""
        middle = len(self.counts) // 2
        return sum(self.counts[:middle]), sum(self.counts[middle:])


@dataclass
class Timeline:
    categories: list[CategoryRow]
    periods: list[Period] = field(default_factory=list)

    @property
    def first_half(self) -> str:
        middle = len(self.periods) // 2
        return f"{self.periods[0].label} – {self.periods[middle - 1].label}" if middle else ""

    @property
    def second_half(self) -> str:
        middle = len(self.periods) // 2
        return f"{self.periods[middle].label} – {self.periods[-1].label}" if self.periods else ""

    @property
    def by_period(self) -> list[tuple[Period, list[int]]]:
        return [(p, [row.counts[i] for row in self.categories]) for i, p in enumerate(self.periods)]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.categories)


@dataclass
class PerspectiveRow:
    label: str
    counts: list[int]  # resident, patient, both
    unmarked: int

    @property
    def marked(self) -> int:
        return sum(self.counts)

    def shares(self) -> list[str]:
        return [f"{round(100 * c / self.marked)}%" if self.marked else "–" for c in self.counts]


def _category_name(theme: Theme | None) -> str:
    return theme.category.name if theme is not None and theme.category is not None else _("Uncategorised")


def _category_colour(name: str, position: int) -> str:
    return CATEGORY_COLOURS.get(category_key(name).lower(), OTHER_COLOURS[position % len(OTHER_COLOURS)])


def category_timeline(
    codings: list[CodingRow], themes: dict[int, Theme], categories: list[Category], periods: list[Period]
) -> Timeline:
    per: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for row in codings:
        per[_category_name(themes.get(row.theme_id))][period_index(periods, row.date)] += 1
    order = [c.name for c in categories] + [_("Uncategorised")]
    named = [name for name in order if name in per]
    return Timeline(
        categories=[CategoryRow(name, _category_colour(name, i), per[name]) for i, name in enumerate(named)],
        periods=periods,
    )


def perspective_rows(codings: list[CodingRow], themes: dict[int, Theme]) -> list[PerspectiveRow]:
    keys = [Coding.Perspective.RESIDENT, Coding.Perspective.PATIENT, Coding.Perspective.BOTH]

    def row(label: str, rows: Iterable[CodingRow]) -> PerspectiveRow:
        counts = Counter(r.perspective for r in rows)
        return PerspectiveRow(
            label=label, counts=[counts.get(key, 0) for key in keys], unmarked=counts.get("", 0)
        )

    def in_balint(r: CodingRow) -> bool:  # the default category in any language ("Balint-Prozess")
        return category_key(_category_name(themes.get(r.theme_id))).lower() == BALINT_CATEGORY

    balint = [r for r in codings if in_balint(r)]
    other = [r for r in codings if not in_balint(r)]
    rows = [
        row(_("All themes"), codings),
        row(_("Balint process themes"), balint),
        row(_("Other themes"), other),
    ]
    return [r for r in rows if r.marked or r.unmarked]


def theme_rows(codings: list[CodingRow], themes: dict[int, Theme], program: Program) -> list[ThemeRow]:
    per_theme: dict[int, list[CodingRow]] = defaultdict(list)
    for row in codings:
        per_theme[row.theme_id].append(row)
    ranked = sorted(per_theme.items(), key=lambda item: (-len(item[1]), themes[item[0]].name))
    rows = []
    for theme_id, rows_of_theme in ranked:
        theme = themes[theme_id]
        kinds = Counter(r.kind for r in {(r.source_id, r.kind): r for r in rows_of_theme}.values())
        rows.append(
            ThemeRow(
                name=theme.name,
                category=_category_name(theme),
                colour=theme.colour,
                codings=len(rows_of_theme),
                sources=len({r.source_id for r in rows_of_theme}),
                in_notes=kinds.get(Source.Kind.SESSION_NOTE, 0),
                in_surveys=kinds.get(Source.Kind.TRANSCRIPT, 0),
            )
        )
    chosen = {theme_id: best_quotes(rows_of_theme) for theme_id, rows_of_theme in ranked[:QUOTE_THEMES]}
    for row, quotes in zip(rows, quotes_for(chosen=chosen, program=program), strict=False):
        row.quotes = quotes
    return rows


@dataclass
class Coded:
    """The coding sections of the report, from one read of the passages coded in the range."""

    codings: list[CodingRow]
    timeline: Timeline
    perspective: list[PerspectiveRow]
    themes: list[ThemeRow]


def read_codings(scope: Scope) -> list[CodingRow]:
    """Passages of the groups' sources, and for the whole program also of sources of no group."""
    return coding_rows(
        program=scope.program,
        date_from=scope.date_from,
        date_to=scope.date_to,
        group_ids=scope.group_ids,
        with_ungrouped=scope.group is None,
    )


def coded_sections(
    scope: Scope, codings: list[CodingRow], periods: list[Period], step: Callable[[int, str], None]
) -> Coded:
    themes = themes_by_id(program=scope.program)
    timeline = category_timeline(codings, themes, categories_in_order(program=scope.program), periods)
    perspective = perspective_rows(codings, themes)
    step(70, _("Choosing quotes"))
    return Coded(
        codings=codings,
        timeline=timeline,
        perspective=perspective,
        themes=theme_rows(codings, themes, scope.program),
    )
