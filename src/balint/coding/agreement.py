"""Inter-coder agreement on which themes coders applied to which units, on plain data.

Input (``Coding``): coder -> unit key -> set of themes the coder applied to that unit. A unit key is
any hashable (the Django layer uses ``(source_id, unit_index)``). A coder who coded a unit but applied
no theme has the key with an empty set; a coder who did not code that source at all lacks the key,
which counts as a missing value, never as "absent".

Per theme every unit is a binary decision per coder (applied / not applied). For each theme:

- percent agreement: the share of units, among those at least two coders coded, on which every coder
  who coded the unit made the same decision (for two coders, the usual observed agreement);
- Cohen's kappa (``sklearn.metrics.cohen_kappa_score``): only when exactly two coders appear in the
  data, over the units both coded;
- Krippendorff's alpha (``krippendorff.alpha``, nominal): any number of coders, missing values allowed.

Both libraries load on the first agreement computed in a process, not with the URL configuration
(scikit-learn costs about a second then); the page keeps the figures in the cache until what they are
computed from changes (`selectors.views.shared_version`).

Overall figures come two ways:

- ``mean``: the unweighted arithmetic mean of the per-theme figures that exist (themes whose figure is
  None are left out and counted in ``themes_left_out``);
- ``pooled``: every (unit, theme) pair is one binary decision, and the measure is computed once over
  all of them, so frequently applied themes and rare ones weigh by their number of decisions.

Uncoded text (``uncoded``):

- ``"include"``: every unit counts, including units no coder applied any theme to; those are agreed
  "absent" decisions on every theme, so agreement rises with the amount of text nobody coded;
- ``"exclude"``: units to which no coder applied any theme at all are dropped, for every theme and for
  the pooled figure alike. Units where someone applied some other theme stay, because there "not this
  theme" is a real decision. Dropping units per theme (only units where someone applied that theme)
  is not offered: with two coders it removes every agreed absence and forces kappa to be <= 0.

``percent_agreement``, ``cohen_kappa`` and ``krippendorff_alpha`` also work directly on a ratings matrix
(one row per coder, nominal values of any hashable kind, None for missing), which is how the per-theme
binary decisions reach them.

A figure that cannot be computed (fewer than two coders, no unit coded by two coders, every decision
the same so chance-corrected agreement is 0/0) is a ``Figure`` with ``value=None`` and a ``reason``.
Percent agreement is still given when every decision was the same: it is then simply 1.0.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Literal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from threadpoolctl import threadpool_limits

Coding = Mapping[Hashable, Mapping[Hashable, Set[Hashable]]]
Uncoded = Literal["include", "exclude"]
# One row per coder, one column per unit (or decision); None where the coder did not rate it.
Ratings = Sequence[Sequence[Hashable | None]]

# Shown on the agreement page and in reports as a figure's reason. Lazy (format_lazy too): the page caches
# the figures, and each reader still reads the reason in their own language.
NEEDS_TWO_CODERS = gettext_lazy("At least two coders are needed.")
NEEDS_EXACTLY_TWO_CODERS = gettext_lazy("Cohen's kappa compares exactly two coders; {count} coded.")
NO_UNITS = gettext_lazy("There are no units to compare.")
NO_SHARED_UNITS = gettext_lazy("No unit was coded by at least two coders.")
NO_VARIATION = gettext_lazy("Every decision was the same, so chance-corrected agreement is undefined.")


@dataclass(frozen=True)
class Figure:
    value: float | None
    reason: str = ""


@dataclass(frozen=True)
class Figures:
    percent_agreement: Figure
    cohen_kappa: Figure
    krippendorff_alpha: Figure
    units: int  # units (or, pooled, unit-theme decisions) at least two coders coded


@dataclass(frozen=True)
class MeanFigures:
    percent_agreement: Figure
    cohen_kappa: Figure
    krippendorff_alpha: Figure
    themes_left_out: dict[str, int] = field(default_factory=dict)  # measure -> themes without a value


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[Hashable, ...]
    uncoded: Uncoded
    units: int  # units considered after the uncoded rule
    by_theme: dict[Hashable, Figures]
    mean: MeanFigures
    pooled: Figures


@dataclass(frozen=True)
class Disagreement:
    unit: Hashable
    theme: Hashable
    applied: dict[Hashable, bool]  # only coders who coded the unit


def agreement_report(
    *, coding: Coding, uncoded: Uncoded = "include", themes: Sequence[Hashable] | None = None
) -> AgreementReport:
    """Compute percent agreement, Cohen's kappa and Krippendorff's alpha per theme, mean and pooled."""
    if uncoded not in ("include", "exclude"):
        raise ValueError('uncoded must be "include" or "exclude".')
    coders = tuple(coding)
    units = _units(coding)
    if uncoded == "exclude":
        units = [u for u in units if any(coding[c].get(u) for c in coders)]
    if themes is None:
        themes = _themes(coding)

    with threadpool_limits(limits=1):  # BLAS and OpenMP: one thread per request on a shared server
        by_theme = {theme: _figures(_decisions(coding, coders, units, [theme])) for theme in themes}
        pooled = _figures(_decisions(coding, coders, units, list(themes)))
    return AgreementReport(
        coders=coders,
        uncoded=uncoded,
        units=len(units),
        by_theme=by_theme,
        mean=_mean(list(by_theme.values())),
        pooled=pooled,
    )


def disagreements(*, coding: Coding, theme: Hashable | None = None) -> list[Disagreement]:
    """List the units where coders who coded them decided differently on a theme (or on any theme)."""
    coders = tuple(coding)
    themes = _themes(coding) if theme is None else [theme]
    found = []
    for unit in _units(coding):
        for each in themes:
            applied = {c: each in coding[c][unit] for c in coders if unit in coding[c]}
            if len(set(applied.values())) > 1:
                found.append(Disagreement(unit=unit, theme=each, applied=applied))
    return found


def _units(coding: Coding) -> list[Hashable]:
    units = list(dict.fromkeys(u for per_coder in coding.values() for u in per_coder))
    return _sorted_if_possible(units)


def _themes(coding: Coding) -> list[Hashable]:
    themes = dict.fromkeys(t for per_coder in coding.values() for ts in per_coder.values() for t in ts)
    return _sorted_if_possible(list(themes))


def _sorted_if_possible(items: list[Hashable]) -> list[Hashable]:
    try:
        return sorted(items)  # type: ignore[type-var]
    except TypeError:
        return items  # mixed key types: keep first-seen order


def _decisions(
    coding: Coding, coders: Sequence[Hashable], units: Sequence[Hashable], themes: Sequence[Hashable]
) -> list[list[Hashable | None]]:
    return [
        [(theme in coding[c][u]) if u in coding[c] else None for theme in themes for u in units]
        for c in coders
    ]


def percent_agreement(ratings: Ratings, *, columns: list[tuple] | None = None) -> Figure:
    """Share of units, among those two or more coders rated, on which every coder gave the same value
    (`columns`: the ratings' pairable columns, when the caller has them already)."""
    if len(ratings) < 2:
        return Figure(None, NEEDS_TWO_CODERS)
    if not ratings[0]:
        return Figure(None, NO_UNITS)
    columns = _pairable(ratings) if columns is None else columns
    if not columns:
        return Figure(None, NO_SHARED_UNITS)
    agreed = sum(len({v for v in col if v is not None}) == 1 for col in columns)
    return Figure(agreed / len(columns))


def cohen_kappa(ratings: Ratings) -> Figure:
    """Cohen's kappa for exactly two coders over the units both rated (nominal values), by scikit-learn."""
    if len(ratings) != 2:
        if len(ratings) < 2:
            return Figure(None, NEEDS_TWO_CODERS)
        return Figure(None, format_lazy(NEEDS_EXACTLY_TWO_CODERS, count=len(ratings)))
    if not ratings[0]:
        return Figure(None, NO_UNITS)
    pairs = [(a, b) for a, b in zip(*ratings, strict=True) if a is not None and b is not None]
    if not pairs:
        return Figure(None, NO_SHARED_UNITS)
    codes = _codes(v for pair in pairs for v in pair)
    if len(codes) < 2:
        return Figure(None, NO_VARIATION)
    from sklearn.metrics import cohen_kappa_score

    first = [codes[a] for a, _ in pairs]
    second = [codes[b] for _, b in pairs]
    return _finite(cohen_kappa_score(first, second, labels=list(codes.values())))


def krippendorff_alpha(ratings: Ratings, *, columns: list[tuple] | None = None) -> Figure:
    """Krippendorff's alpha, nominal level, for any number of coders, by the `krippendorff` package;
    None marks a missing rating."""
    if len(ratings) < 2:
        return Figure(None, NEEDS_TWO_CODERS)
    if not ratings[0]:
        return Figure(None, NO_UNITS)
    columns = _pairable(ratings) if columns is None else columns
    if not columns:
        return Figure(None, NO_SHARED_UNITS)
    # Only pairable units: a unit rated by one coder adds nothing to alpha but would widen the value domain.
    codes = _codes(v for col in columns for v in col if v is not None)
    if len(codes) < 2:
        return Figure(None, NO_VARIATION)
    import krippendorff
    import numpy as np

    data = np.array(
        [[np.nan if v is None else float(codes[v]) for v in row] for row in zip(*columns, strict=True)]
    )
    domain = [float(c) for c in codes.values()]
    return _finite(
        krippendorff.alpha(reliability_data=data, value_domain=domain, level_of_measurement="nominal")
    )


def _codes(values: Iterable[Hashable]) -> dict[Hashable, int]:
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def _figures(ratings: Ratings) -> Figures:
    columns = _pairable(ratings)
    return Figures(
        percent_agreement=percent_agreement(ratings, columns=columns),
        cohen_kappa=cohen_kappa(ratings),
        krippendorff_alpha=krippendorff_alpha(ratings, columns=columns),
        units=len(columns),
    )


def _pairable(ratings: Ratings) -> list[tuple[Hashable | None, ...]]:
    """The units (columns) at least two coders rated."""
    coders = len(ratings)
    return [col for col in zip(*ratings, strict=True) if coders - col.count(None) >= 2]


def _finite(value: float) -> Figure:
    value = float(value)
    if not math.isfinite(value):
        return Figure(None, NO_VARIATION)
    return Figure(value)


def _mean(figures: list[Figures]) -> MeanFigures:
    means = {}
    left_out = {}
    for measure in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
        present = [getattr(f, measure) for f in figures]
        values = [f.value for f in present if f.value is not None]
        left_out[measure] = len(present) - len(values)
        if values:
            means[measure] = Figure(sum(values) / len(values))
        elif present:
            means[measure] = Figure(
                None,
                format_lazy(
                    gettext_lazy("No theme has a value; first reason: {reason}"), reason=present[0].reason
                ),
            )
        else:
            means[measure] = Figure(None, gettext_lazy("No themes to average."))
    return MeanFigures(**means, themes_left_out=left_out)
