"""EncryptedJSONField: a JSON value stored as one opaque Fernet token (for JSON that quotes free text)."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from balint.privacy.fields import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    """JSON (dicts, lists, numbers, text) encrypted as a whole; Python sees the decoded value.

    Being an EncryptedTextField, it is re-encrypted by `balint rotate-key` and refuses SQL look-ups
    (no `explanation__text=...`): read the rows, then look inside in Python.
    """

    description = "JSON encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text)

    def to_python(self, value: Any) -> Any:
        # As for JSONField: a str is a JSON string value, not serialized JSON.
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj: Any) -> Any:
        # Serializers (backups) keep the value as JSON, not as Python's repr of it.
        return self.value_from_object(obj)
