"""Attribute and variable values of a REFI-QDA document read into Python values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from ..model import (
    VariableValue,
)


def _boolean(value: str | None, *, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"true", "1", "yes"}


def _integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _parse_datetime(value: str) -> datetime | None:
    """Return an aware UTC datetime from xsd:dateTime text (no zone means UTC), or None."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 shifted out of range by the offset
        return None


def _variable_value(kind: str, text: str) -> VariableValue | None:
    """Return the Python value of a VariableValue child, or None when it cannot be read."""
    stripped = text.strip()
    try:
        if kind == "TextValue":
            return text
        if kind == "BooleanValue":
            return stripped.lower() in {"true", "1"}
        if kind == "IntegerValue":
            return int(stripped)
        if kind == "FloatValue":
            number = float(stripped.replace(",", "."))  # some tools write a decimal comma
            return number if math.isfinite(number) else None
        if kind == "DateValue":
            return date.fromisoformat(stripped[:10])
        if kind == "DateTimeValue":
            return _parse_datetime(stripped)
    except (ValueError, OverflowError):
        return None
    return None
