"""The report's time axis: calendar months, quarters or years over the range, and where a day falls on it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from balint.core.dates import month as month_label


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date  # exclusive


def choose_granularity(date_from: datetime.date, date_to: datetime.date) -> str:
    months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
    if months <= 12:
        return "month"
    return "quarter" if months <= 60 else "year"


def periods_between(date_from: datetime.date, date_to: datetime.date, granularity: str) -> list[Period]:
    """Calendar months, quarters or years covering the range, each clipped to it."""
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = date_from.month - (date_from.month - 1) % step
    year, periods = date_from.year, []
    while datetime.date(year, month, 1) <= date_to:
        start = datetime.date(year, month, 1)
        next_month = month + step
        end = datetime.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
        if granularity == "month":
            key, label = f"{year}-{month:02d}", month_label(start)
        elif granularity == "quarter":
            quarter = (month - 1) // 3 + 1
            key, label = f"{year}-Q{quarter}", _("Q{quarter} {year}").format(quarter=quarter, year=year)
        else:
            key, label = str(year), str(year)
        periods.append(
            Period(
                key=key,
                label=label,
                start=max(start, date_from),
                end=min(end, date_to + datetime.timedelta(days=1)),
            )
        )
        year, month = year + (next_month - 1) // 12, (next_month - 1) % 12 + 1
    return periods


def period_position(periods: list[Period], day: datetime.date) -> float:
    """A day as a point on the time axis: the index of its period plus the share of that period before it."""
    index = period_index(periods, day)
    period = periods[index]
    length = (period.end - period.start).days or 1
    return round(index + min(max((day - period.start).days, 0), length) / length, 3)


def period_index(periods: list[Period], day: datetime.date) -> int:
    for i, period in enumerate(periods):
        if period.start <= day < period.end:
            return i
    return len(periods) - 1 if periods and day >= periods[-1].end else 0


def coarser(granularity: str) -> list[str]:
    order = ["month", "quarter", "year"]
    return order[order.index(granularity) :]
