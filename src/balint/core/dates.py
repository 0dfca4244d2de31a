"""Dates and times as the pages show them, for exports and PDFs written in Python (see core/formats)."""

import datetime
import zoneinfo

from django.utils import dateformat, formats, timezone


def day(value: datetime.date | datetime.datetime, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """'6 Dec 2026'; an aware datetime is first taken to `zone` (else the active zone)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return dateformat.format(value, formats.get_format("DATE_FORMAT"))


def moment(value: datetime.datetime, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """'Sun 6 Dec 2026, 14:30' in `zone` (else the active zone)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, zone)
    return dateformat.format(value, formats.get_format("DATETIME_FORMAT"))
