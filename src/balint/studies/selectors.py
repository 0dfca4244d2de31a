"""Reading studies: lists, a site's candidates and contributions, the report by site and pooled.

Every figure of the report counts passages coded, with the number of distinct sources behind it as the
units of the small-cell rule (`balint.reports.cells`): a cell resting on fewer than k sources shows "<k",
and every split whose total is shown (sites of the pooled figure, categories of a site, periods of a
site) is complementary-suppressed, so a hidden cell cannot be worked out by subtraction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from balint.coding.models import Category, Coding, Source, Theme
from balint.programs.models import Program
from balint.reports.cells import Cell, count_cell, default_min_cell, suppress_split, suppress_table
from balint.studies.models import Contribution, Study, StudyMember, Withdrawal
from balint.studies.services import contribution_refusals

OWN_MATERIAL = "Study's own"


def member_list(*, study: Study) -> list[StudyMember]:
    return list(
        StudyMember.objects.filter(study=study)
        .select_related("program", "consented_by")
        .annotate(live=Count("contributions", filter=Q(contributions__withdrawn_at__isnull=True)))
        .order_by("site")
    )


def program_studies(*, program: Program) -> list[StudyMember]:
    return list(
        StudyMember.objects.filter(program=program)
        .select_related("study")
        .annotate(live=Count("contributions", filter=Q(contributions__withdrawn_at__isnull=True)))
        .order_by("-consented_at")
    )


@dataclass(frozen=True)
class Candidate:
    source: Source
    refusal: str | None
    contributed: bool

    @property
    def eligible(self) -> bool:
        return self.refusal is None and not self.contributed


def candidates(*, member: StudyMember) -> list[Candidate]:
    """The program's sources, each with why it cannot be contributed (if so); texts are not read."""
    sources = list(
        Source.objects.filter(program=member.program).defer("text").order_by("date", "title", "pk")
    )
    live = set(
        Contribution.objects.filter(member=member, withdrawn_at__isnull=True).values_list(
            "origin_source_id", flat=True
        )
    )
    refusals = contribution_refusals(sources)
    return [Candidate(s, refusals[s.pk], s.pk in live) for s in sources]


def selected_sources(*, member: StudyMember, codes: list[str]) -> QuerySet[Source]:
    """The program's own sources among these codes (another program's code selects nothing)."""
    valid = []
    for code in codes:
        try:
            valid.append(str(uuid.UUID(str(code))))
        except ValueError:
            continue
    return Source.objects.filter(program=member.program, code__in=valid).order_by("date", "title", "pk")


def contributions(*, member: StudyMember) -> list[Contribution]:
    return list(
        Contribution.objects.filter(member=member)
        .select_related("study_source")
        .defer("study_source__text")
        .annotate(codings=Count("study_source__codings"))
        .order_by("withdrawn_at", "created_at", "pk")
    )


def withdrawals(*, study: Study, member: StudyMember | None = None) -> list[Withdrawal]:
    rows = Withdrawal.objects.filter(member__study=study).select_related("member")
    if member is not None:
        rows = rows.filter(member=member)
    return list(rows)


# ---- the report ----------------------------------------------------------------------------------------


@dataclass
class Table:
    """Rows by columns of cells, each row and column with its shown total."""

    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)


@dataclass
class StudyReport:
    k: int
    sites: list[str]
    sources: list[Cell]  # per site, then pooled
    categories: Table
    periods: Table
    pooled_sources: int = 0


def _grid(rows: list[str], columns: list[str], counts, units, k: int) -> Table:
    """A table with a pooled column and a total row; suppressed per cell and after every split."""
    cells = [
        [count_cell(counts[(r, c)], len(units[(r, c)]), k) for c in columns]
        + [
            count_cell(
                sum(counts[(r, c)] for c in columns), len(set().union(*[units[(r, c)] for c in columns])), k
            )
        ]
        for r in rows
    ]
    total = [
        count_cell(sum(counts[(r, c)] for r in rows), len(set().union(*[units[(r, c)] for r in rows])), k)
        for c in columns
    ]
    all_units = set().union(*[units[(r, c)] for r in rows for c in columns]) if rows and columns else set()
    total.append(count_cell(sum(counts.values()), len(all_units), k))
    table = suppress_table(cells + [total]) if cells else [total]
    return Table(columns=[*columns, "All sites"], rows=list(zip([*rows, "Total"], table, strict=True)))


def study_report(*, study: Study, k: int | None = None, theme: Theme | None = None) -> StudyReport:
    """Passages coded by category and by year, per site and pooled; only material still in the study.

    With `theme`, the timeline by site counts that theme's passages only (the theme and those under it).
    """
    k = k or default_min_cell()
    sites = list(
        StudyMember.objects.filter(study=study, withdrawn_at__isnull=True)
        .order_by("site")
        .values_list("site", flat=True)
    )
    site_of = dict(
        Contribution.objects.filter(member__study=study, study_source__isnull=False).values_list(
            "study_source_id", "member__site"
        )
    )
    sources = list(Source.objects.filter(program=study.workspace).values_list("pk", "date"))
    if any(pk not in site_of for pk, _ in sources):
        sites.append(OWN_MATERIAL)
    source_site = {pk: site_of.get(pk, OWN_MATERIAL) for pk, _ in sources}
    source_counts = defaultdict(int)
    for pk, _ in sources:
        source_counts[source_site[pk]] += 1
    codings = list(
        Coding.objects.filter(source__program=study.workspace, theme__active=True).values_list(
            "source_id", "theme__category_id", "source__date", "theme_id"
        )
    )
    categories = dict(Category.objects.filter(program=study.workspace).values_list("pk", "name"))
    category_names = [name for pk, name in sorted(categories.items(), key=lambda i: i[1])]
    counts = defaultdict(int)
    units = defaultdict(set)
    year_counts = defaultdict(int)
    year_units = defaultdict(set)
    chosen = _theme_and_below(theme) if theme is not None else None
    for source_id, category_id, date, theme_id in codings:
        site = source_site.get(source_id, OWN_MATERIAL)
        category = categories.get(category_id, "No category")
        counts[(category, site)] += 1
        units[(category, site)].add(source_id)
        if chosen is not None and theme_id not in chosen:
            continue
        year = str(date.year) if date else "Undated"
        year_counts[(year, site)] += 1
        year_units[(year, site)].add(source_id)
    used = sorted({c for c, _ in counts}, key=lambda n: (n not in category_names, n))
    years = sorted({y for y, _ in year_counts})
    per_site = suppress_split([count_cell(source_counts[s], source_counts[s], k) for s in sites])
    per_site.append(count_cell(len(sources), len(sources), k))
    return StudyReport(
        k=k,
        sites=sites,
        sources=per_site,
        categories=_grid(used, sites, counts, units, k),
        periods=_grid(years, sites, year_counts, year_units, k),
        pooled_sources=len(sources),
    )


def _theme_and_below(theme: Theme) -> set[int]:
    tree = dict(Theme.objects.filter(program_id=theme.program_id).values_list("pk", "parent_id"))
    chosen = {theme.pk}
    changed = True
    while changed:
        below = {pk for pk, parent in tree.items() if parent in chosen} - chosen
        chosen |= below
        changed = bool(below)
    return chosen


def report_themes(*, study: Study) -> list[Theme]:
    return list(Theme.objects.filter(program=study.workspace, active=True).order_by("position", "name"))
