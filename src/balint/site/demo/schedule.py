"""The demo's fixed calendar: which days the group met, which were cancelled, and the phases of its history.

Everything here is fixed so the demo reads the same whatever day it is loaded; only the upcoming
sessions (`upcoming_days`) depend on the load date.
"""

import datetime
import zoneinfo

TIME_ZONE = "America/New_York"
# The group meets on the 1st, 2nd and 4th Tuesday of each month, 12:30–13:30 local time.
WEEKDAY = 1  # Tuesday
WEEKS_OF_MONTH = (1, 2, 4)
START_TIME = datetime.time(12, 30)
MINUTES = 60

HISTORY_START = datetime.date(2025, 1, 1)
HISTORY_END = datetime.date(2026, 6, 30)
# The group ran in the traditional format for three months, then switched to the flexible format.
FLEXIBLE_FROM = datetime.date(2025, 4, 1)
# Content phases: the traditional months, the first flexible months, the final months of the third year.
LATE_FROM = datetime.date(2026, 1, 1)
UPCOMING_COUNT = 6

EARLY, MIDDLE, LATE = "early", "middle", "late"

CANCELLED = {
    datetime.date(2025, 7, 1): "New academic year: orientation week for incoming residents",
    datetime.date(2025, 10, 28): "In-training examination",
    datetime.date(2025, 12, 23): "Winter holiday",
    datetime.date(2026, 5, 26): "Day after the Memorial Day holiday; clinics rescheduled",
}


def meeting_days_in_month(year: int, month: int) -> list[datetime.date]:
    """The 1st, 2nd and 4th Tuesday of a month."""
    first = datetime.date(year, month, 1)
    first_tuesday = first + datetime.timedelta(days=(WEEKDAY - first.weekday()) % 7)
    return [first_tuesday + datetime.timedelta(weeks=week - 1) for week in WEEKS_OF_MONTH]


def meeting_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every meeting day from start to end, both included."""
    days: list[datetime.date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        days.extend(day for day in meeting_days_in_month(year, month) if start <= day <= end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def history_days() -> list[datetime.date]:
    """The fixed eighteen months of meeting days, cancelled ones included."""
    return meeting_days(HISTORY_START, HISTORY_END)


def upcoming_days(today: datetime.date, count: int = UPCOMING_COUNT) -> list[datetime.date]:
    """The next meeting days strictly after both the load date and the fixed history."""
    after = max(today, HISTORY_END) + datetime.timedelta(days=1)
    days: list[datetime.date] = []
    end = after
    while len(days) < count:
        end += datetime.timedelta(days=62)
        days = meeting_days(after, end)
    return days[:count]


def local_span(day: datetime.date, zone: zoneinfo.ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of a session on a day at 12:30 local time, correct on either side of a DST change."""
    starts = datetime.datetime.combine(day, START_TIME, tzinfo=zone)
    return starts, starts + datetime.timedelta(minutes=MINUTES)


def phase_of(day: datetime.date) -> str:
    if day < FLEXIBLE_FROM:
        return EARLY
    if day < LATE_FROM:
        return MIDDLE
    return LATE
