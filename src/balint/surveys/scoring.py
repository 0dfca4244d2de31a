"""Scoring and statistics for scored scales: pure functions, tested against hand-computed examples.

`score_respondent` turns one respondent's chosen options into subscale scores by the definition's rule.
`summarise` gives n, mean, median, standard deviation and a distribution; `compare` gives the difference of
two groups' means with a bootstrap confidence interval and Hedges' g with its confidence interval;
`compare_paired` does the same for respondents matched by a code they chose themselves. scipy and numpy
are imported inside the functions that need them, so importing this module costs nothing.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from balint.surveys.scales.definitions import ScaleDefinition

BOOTSTRAP_RESAMPLES = 4000
BOOTSTRAP_SEED = 20_250_701  # a fixed seed: the same data give the same interval
CONFIDENCE = 0.95
BINS = 5


def item_points(definition: ScaleDefinition, item_key: str, option: int) -> float:
    """Points of option `option` (0-based, in the definition's order) for one item, reversed if it is."""
    points = definition.points
    if not 0 <= option < len(points):
        raise ValueError(f"Item {item_key}: option {option + 1} is not one of the {len(points)} options.")
    value = points[option]
    if definition.item(item_key).reverse:
        value = min(points) + max(points) - value
    return float(value)


def score_respondent(definition: ScaleDefinition, chosen: dict[str, int]) -> dict[str, float | None]:
    """Subscale scores of one respondent from {item key: option (0-based)}; None where too few answers."""
    points = {key: item_points(definition, key, option) for key, option in chosen.items()}
    scores: dict[str, float | None] = {}
    for subscale in definition.subscales:
        keys = [item.key for item in definition.items_of(subscale.key)]
        answered = [points[k] for k in keys if k in points]
        needed = subscale.min_answered or len(keys)
        if not keys or len(answered) < needed:
            scores[subscale.key] = None
        elif subscale.rule == "mean":
            scores[subscale.key] = sum(answered) / len(answered)
        else:
            scores[subscale.key] = float(sum(answered))
    return scores


@dataclass
class Summary:
    n: int
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    bins: list[tuple[str, int]] = field(default_factory=list)  # (range label, people)


def _bin_edges(low: float, high: float, bins: int = BINS) -> list[float]:
    step = (high - low) / bins
    return [low + i * step for i in range(bins + 1)]


def summarise(values: list[float], *, low: float, high: float, bins: int = BINS) -> Summary:
    """n, mean, median, sample SD and counts in `bins` equal ranges from low to high (the top one closed)."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return Summary(n=0)
    edges = _bin_edges(low, high, bins)
    counts = [0] * bins
    for value in values:
        index = min(int((value - low) / (high - low) * bins), bins - 1) if high > low else 0
        counts[max(index, 0)] += 1
    labels = [f"{_fmt(edges[i])}–{_fmt(edges[i + 1])}" for i in range(bins)]
    return Summary(
        n=len(values),
        mean=statistics.fmean(values),
        median=statistics.median(values),
        sd=statistics.stdev(values) if len(values) > 1 else None,
        bins=list(zip(labels, counts, strict=True)),
    )


def _fmt(x: float) -> str:
    return f"{x:g}" if x == int(x) else f"{x:.1f}"


@dataclass
class Comparison:
    n_before: int
    n_after: int
    difference: float  # after minus before
    difference_ci: tuple[float, float]
    hedges_g: float | None
    hedges_g_ci: tuple[float, float] | None
    paired: bool = False


def hedges_g(before: list[float], after: list[float]) -> tuple[float, tuple[float, float]] | None:
    """Hedges' g (after minus before, pooled SD, small-sample correction) and its normal-approximation CI.

    SE follows Hedges & Olkin: sqrt((n1 + n2) / (n1 n2) + g^2 / (2 (n1 + n2))).
    """
    from scipy import stats

    n1, n2 = len(before), len(after)
    if n1 < 2 or n2 < 2:
        return None
    s1, s2 = statistics.variance(before), statistics.variance(after)
    pooled = math.sqrt(((n1 - 1) * s1 + (n2 - 1) * s2) / (n1 + n2 - 2))
    if pooled == 0:
        return None
    d = (statistics.fmean(after) - statistics.fmean(before)) / pooled
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    g = d * correction
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
    return g, (g - z * se, g + z * se)


def bootstrap_difference_ci(before: list[float], after: list[float]) -> tuple[float, float]:
    """Percentile bootstrap CI of mean(after) - mean(before), resampling each group; a fixed seed."""
    import numpy as np

    rng = np.random.default_rng(BOOTSTRAP_SEED)
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    means_a = rng.choice(a, size=(BOOTSTRAP_RESAMPLES, a.size), replace=True).mean(axis=1)
    means_b = rng.choice(b, size=(BOOTSTRAP_RESAMPLES, b.size), replace=True).mean(axis=1)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(means_b - means_a, [tail, 100 - tail])
    return float(low), float(high)


def compare(before: list[float], after: list[float]) -> Comparison | None:
    """Two independent groups (no pairing): difference of means with bootstrap CI, Hedges' g with CI."""
    if not before or not after:
        return None
    g = hedges_g(before, after)
    return Comparison(
        n_before=len(before),
        n_after=len(after),
        difference=statistics.fmean(after) - statistics.fmean(before),
        difference_ci=bootstrap_difference_ci(before, after),
        hedges_g=g[0] if g else None,
        hedges_g_ci=g[1] if g else None,
    )


def compare_paired(pairs: list[tuple[float, float]]) -> Comparison | None:
    """Respondents matched by their own code: mean change with a t interval, and g_av (Hedges-corrected)."""
    from scipy import stats

    n = len(pairs)
    if n < 2:
        return None
    changes = [after - before for before, after in pairs]
    mean = statistics.fmean(changes)
    sd = statistics.stdev(changes)
    t = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1))
    half = t * sd / math.sqrt(n)
    before, after = [p[0] for p in pairs], [p[1] for p in pairs]
    average_sd = math.sqrt((statistics.variance(before) + statistics.variance(after)) / 2)
    g = g_ci = None
    if average_sd > 0:
        g = mean / average_sd * (1 - 3 / (4 * (n - 1) - 1))
        se = math.sqrt(1 / n + g * g / (2 * n))
        z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
        g_ci = (g - z * se, g + z * se)
    return Comparison(
        n_before=n,
        n_after=n,
        difference=mean,
        difference_ci=(mean - half, mean + half),
        hedges_g=g,
        hedges_g_ci=g_ci,
        paired=True,
    )
