"""Dates and times as the pages show them, for exports and PDFs written in Python (see core/formats)."""

import datetime
import zoneinfo

from django.utils import dateformat, formats, timezone


def day(value: datetime.date | datetime.datetime, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """'6 Dec 2026'; an aware datetime is first taken to `zone` (else the active zone)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return dateformat.format(value, formats.get_format("DATE_FORMAT"))


def month(value: datetime.date | datetime.datetime) -> str:
    """'Dec 2026' ('Dez. 2026', 'dic 2026'): a month in the language of the page (YEAR_MONTH_FORMAT)."""
    return dateformat.format(value, formats.get_format("YEAR_MONTH_FORMAT"))


def moment(value: datetime.datetime, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """'Sun 6 Dec 2026, 14:30' in `zone` (else the active zone)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return dateformat.format(value, formats.get_format("DATETIME_FORMAT"))
