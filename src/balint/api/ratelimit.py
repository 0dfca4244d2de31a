"""Failed token authentication, counted per client address and per token prefix in fixed windows.

Counters live in the database (`AuthFailure`), so the limit holds across every gunicorn process and
machine. While a key is over its limit every request carrying it is refused with 429, a correct token
included: a guesser learns nothing more once limited.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from balint.api.models import AuthFailure

KEEP = datetime.timedelta(days=1)  # counters older than this are deleted when a new window starts


def window_seconds() -> int:
    return int(getattr(settings, "API_AUTH_FAILURE_WINDOW_SECONDS", 600))


def limits() -> dict[str, int]:
    """Failures allowed per window for each kind of key."""
    return {
        "ip": int(getattr(settings, "API_AUTH_FAILURES_PER_IP", 20)),
        "prefix": int(getattr(settings, "API_AUTH_FAILURES_PER_PREFIX", 10)),
    }


class RateLimited(Exception):
    """Too many failed authentications from this address or against this token; retry after a while."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many failed authentications.")
        self.retry_after = max(1, retry_after)


def _window(now: datetime.datetime) -> datetime.datetime:
    seconds = window_seconds()
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def keys_for(*, ip: str | None, prefix: str | None) -> list[str]:
    keys = [f"ip:{ip or 'unknown'}"]
    if prefix:
        keys.append(f"prefix:{prefix}")
    return keys


def retry_after(keys: list[str], now: datetime.datetime | None = None) -> int | None:
    """Seconds until the current window ends if any key is over its limit (one query), else None."""
    now = now or timezone.now()
    start = _window(now)
    allowed = limits()
    for key, count in AuthFailure.objects.filter(key__in=keys, window_start=start).values_list(
        "key", "count"
    ):
        if count >= allowed[key.split(":", 1)[0]]:
            return int((start + datetime.timedelta(seconds=window_seconds()) - now).total_seconds()) + 1
    return None


def failure_record(keys: list[str], now: datetime.datetime | None = None) -> None:
    """Count one failed authentication against each key; concurrent processes never lose a count."""
    now = now or timezone.now()
    start = _window(now)
    for key in keys:
        if AuthFailure.objects.filter(key=key, window_start=start).update(count=F("count") + 1):
            continue
        try:
            with transaction.atomic():
                AuthFailure.objects.create(key=key, window_start=start, count=1)
        except IntegrityError:  # another process created this window's row first
            AuthFailure.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        else:
            AuthFailure.objects.filter(window_start__lt=start - KEEP).delete()
