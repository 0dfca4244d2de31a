"""Scored scales in reports: per administration, per year (small years pooled) and before/after a change.

Every figure keeps the k rule after the split: an administration is shown only when it is reportable
(at least max(4, k) respondents and, when the number asked is known, 70% of them), and within a year
whose pooled figure is shown a lone hidden administration takes another with it (complementary
suppression), so no hidden mean can be worked out from the pool.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from balint.programs.models import GroupPolicy, Program
from balint.reports.cells import (
    Cell,
    Pool,
    count_cell,
    pool_years,
    reportable,
    suppress_partition,
    suppress_split,
)
from balint.surveys.scales.definitions import ScaleDefinition, definition_for
from balint.surveys.scales.selectors import Administration, administrations
from balint.surveys.scoring import Comparison, compare, compare_paired, summarise


@dataclass
class SubscaleFigures:
    name: str
    n: Cell
    mean: Cell
    median: Cell
    bins: list[tuple[str, Cell]] = field(default_factory=list)


@dataclass
class AdministrationRow:
    title: str
    on: datetime.date
    where: str  # cohort or group
    source: str
    invited: int | None
    respondents: Cell
    shown: bool
    subscales: list[SubscaleFigures]


@dataclass
class PoolRow:
    label: str
    respondents: int
    completion: str
    shown: bool
    subscales: list[SubscaleFigures]


@dataclass
class ChangeRow:
    subscale: str
    higher_means: str
    before: SubscaleFigures
    after: SubscaleFigures
    result: Comparison | None
    paired: Comparison | None


@dataclass
class SplitCells:
    """One subscale's figures for one cohort or group on each side of the change."""

    before_n: Cell
    before_mean: Cell
    after_n: Cell
    after_mean: Cell


@dataclass
class ChangeSplitRow:
    where: str  # the cohort, else the group, of the administrations
    cells: list[SplitCells]


@dataclass
class ScaleOverview:
    definition: ScaleDefinition
    k: int
    rows: list[AdministrationRow]
    pools: list[PoolRow]
    change_label: str = ""
    change_date: datetime.date | None = None
    changes: list[ChangeRow] = field(default_factory=list)
    change_split: list[ChangeSplitRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def _figures(
    definition: ScaleDefinition, key: str, values: list[float], k: int, shown: bool
) -> SubscaleFigures:
    subscale = definition.subscale(key)
    summary = summarise(values, low=subscale.low, high=subscale.high)
    people = summary.n if shown else min(summary.n, k - 1) or 1
    labels = [label for label, _ in summary.bins]
    bins = list(zip(labels, suppress_partition([count_cell(c, c, k) for _, c in summary.bins]), strict=True))
    if not shown:
        bins = []
    return SubscaleFigures(
        name=subscale.name,
        n=count_cell(summary.n, people, k),
        mean=Cell(raw=summary.mean, people=people, k=k, digits=1),
        median=Cell(raw=summary.median, people=people, k=k, digits=1),
        bins=bins,
    )


def _hide(figures: SubscaleFigures) -> SubscaleFigures:
    return SubscaleFigures(
        name=figures.name,
        n=figures.n.withheld(),
        mean=figures.mean.withheld(),
        median=figures.median.withheld(),
        bins=[],
    )


def latest_change(program: Program) -> tuple[datetime.date, str] | None:
    """The most recent change of a group's format or rules, as the default before/after date."""
    policies = list(
        GroupPolicy.objects.filter(group__program=program).select_related("group").order_by("effective_from")
    )
    firsts = {}
    change = None
    for policy in policies:
        if policy.group_id in firsts:
            change = (policy.effective_from, f"{policy.group.name}: {policy.get_format_display()} from")
        else:
            firsts[policy.group_id] = policy
    return change


def scale_overview(
    *,
    program: Program,
    scale_key: str,
    k: int,
    change_date: datetime.date | None = None,
    change_label: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> ScaleOverview:
    definition = definition_for(scale_key)
    found = administrations(program=program, scale_key=scale_key)
    if date_from or date_to:
        found = [
            a for a in found if (not date_from or a.on >= date_from) and (not date_to or a.on <= date_to)
        ]
    keys = [s.key for s in definition.subscales]
    rows: list[AdministrationRow] = []
    for adm in found:
        shown = reportable(adm.respondents, adm.invited, k)
        rows.append(
            AdministrationRow(
                title=adm.title,
                on=adm.on,
                where=adm.cohort or adm.group or "–",
                source=adm.source,
                invited=adm.invited,
                respondents=count_cell(adm.respondents, adm.respondents if shown else 1, max(k, 4)),
                shown=shown,
                subscales=[_figures(definition, key, adm.scores.get(key, []), k, shown) for key in keys],
            )
        )
    # Complementary suppression within each year, whose pooled figure is shown below.
    by_year: dict[int, list[int]] = {}
    for i, adm in enumerate(found):
        by_year.setdefault(adm.year, []).append(i)
    for indices in by_year.values():
        for s in range(len(keys)):
            cells = suppress_split([rows[i].subscales[s].mean for i in indices])
            for i, cell in zip(indices, cells, strict=True):
                if cell.secondary and not rows[i].subscales[s].mean.secondary:
                    rows[i].subscales[s] = _hide(rows[i].subscales[s])
                    rows[i].shown = False
    pools = _pools(definition, found, keys, k)
    overview = ScaleOverview(definition=definition, k=k, rows=rows, pools=pools)
    if change_date is not None:
        # Before/after pools only figures shown on their own above: a hidden administration's values,
        # pooled with shown ones, could be worked out by difference from the pool and the shown parts.
        visible = [_visible(adm, row, keys) for adm, row in zip(found, rows, strict=True)]
        overview.change_date, overview.change_label = change_date, change_label
        overview.changes = _changes(definition, visible, keys, k, change_date)
        overview.change_split = _change_split(visible, keys, k, change_date)
    return overview


def _visible(adm: Administration, row: AdministrationRow, keys: list[str]) -> Administration:
    """The administration with only the subscales whose own figure is shown (none if the row is hidden)."""
    shown = {
        key
        for key, figures in zip(keys, row.subscales, strict=True)
        if row.shown and not figures.mean.suppressed
    }
    return replace(
        adm,
        scores={key: values for key, values in adm.scores.items() if key in shown},
        codes=[(code, {k: v for k, v in values.items() if k in shown}) for code, values in adm.codes],
    )


def _change_split(
    found: list[Administration], keys: list[str], k: int, day: datetime.date
) -> list[ChangeSplitRow]:
    """Before and after by cohort (or group, for surveys, which go to a group), with the n behind each.

    Each side of each subscale is a split whose whole is shown in the before/after table, so the k rule
    holds cell by cell and a lone hidden cell takes the smallest shown one with it (complementary).
    """
    wheres = sorted({a.cohort or a.group or "–" for a in found})
    if len(wheres) < 2:
        return []
    floor = max(4, k)
    columns: list[list[SplitCells]] = []
    for key in keys:
        sides = []
        for after in (False, True):
            values = [
                [v for a in found if (a.cohort or a.group or "–") == where and (a.on >= day) == after
                 for v in a.scores.get(key, [])]
                for where in wheres
            ]  # fmt: skip
            counts = suppress_split([count_cell(len(v), len(v), floor) for v in values])
            means = [
                Cell(raw=sum(v) / len(v) if v else None, people=len(v), k=floor, digits=1) for v in values
            ]
            sides.append(
                [(n, m.withheld() if n.secondary else m) for n, m in zip(counts, means, strict=True)]
            )
        columns.append([SplitCells(*b, *a) for b, a in zip(sides[0], sides[1], strict=True)])
    return [
        ChangeSplitRow(where=where, cells=[column[i] for column in columns]) for i, where in enumerate(wheres)
    ]


def _pools(
    definition: ScaleDefinition, found: list[Administration], keys: list[str], k: int
) -> list[PoolRow]:
    yearly: dict[int, tuple[int, int | None]] = {}
    for adm in found:
        respondents, invited = yearly.get(adm.year, (0, 0))
        invited = None if invited is None or adm.invited is None else invited + adm.invited
        yearly[adm.year] = (respondents + adm.respondents, invited)
    out = []
    for pool in pool_years(yearly, k):
        members = [a for a in found if a.year in pool.years]
        out.append(
            PoolRow(
                label=pool.label,
                respondents=pool.respondents if pool.reportable else 0,
                completion=_completion(pool),
                shown=pool.reportable,
                subscales=[
                    _figures(
                        definition,
                        key,
                        [v for a in members for v in a.scores.get(key, [])],
                        k,
                        pool.reportable,
                    )
                    for key in keys
                ],
            )
        )
    return out


def _completion(pool: Pool) -> str:
    return "–" if pool.completion is None else f"{round(100 * pool.completion)}%"


def _changes(
    definition: ScaleDefinition, found: list[Administration], keys: list[str], k: int, day: datetime.date
) -> list[ChangeRow]:
    before = [a for a in found if a.on < day]
    after = [a for a in found if a.on >= day]
    out = []
    for key in keys:
        b = [v for a in before for v in a.scores.get(key, [])]
        a_ = [v for a in after for v in a.scores.get(key, [])]
        enough = len(b) >= max(4, k) and len(a_) >= max(4, k)
        codes_before = {code: scores[key] for a in before for code, scores in a.codes if key in scores}
        codes_after = {code: scores[key] for a in after for code, scores in a.codes if key in scores}
        pairs = [(codes_before[c], codes_after[c]) for c in sorted(codes_before.keys() & codes_after.keys())]
        subscale = definition.subscale(key)
        out.append(
            ChangeRow(
                subscale=subscale.name,
                higher_means=subscale.higher_means,
                before=_figures(definition, key, b, k, len(b) >= max(4, k)),
                after=_figures(definition, key, a_, k, len(a_) >= max(4, k)),
                result=compare(b, a_) if enough else None,
                paired=compare_paired(pairs) if len(pairs) >= max(4, k) else None,
            )
        )
    return out


def program_scales(program: Program) -> list[str]:
    """The keys of every scale the program has a scored instrument or a score set for."""
    from balint.surveys.scales.models import ScoredInstrument, ScoreSet

    keys = set(ScoredInstrument.objects.filter(program=program).values_list("scale_key", flat=True))
    keys |= set(ScoreSet.objects.filter(program=program).values_list("scale_key", flat=True))
    return sorted(k for k in keys if definition_for(k))
