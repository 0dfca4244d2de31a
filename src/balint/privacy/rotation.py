"""Key rotation: re-encrypt every EncryptedTextField under a new key, all-or-nothing per model."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from balint.privacy.crypto import DecryptionError, key_file, keys_from_env, new_key, reencrypt
from balint.privacy.fields import EncryptedTextField, encrypted_fields


@dataclass
class RotationReport:
    keys: tuple[str, ...]
    lines: list[str] = field(default_factory=list)
    instruction: str = ""


def _rotate_model(model, fields: list[EncryptedTextField], keys: tuple[str, ...], batch_size: int) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    quoted = [connection.ops.quote_name(f.column) for f in fields]
    timeless = [f.timeless for f in fields]
    done = 0
    last = None
    with transaction.atomic():
        while True:
            with connection.cursor() as cursor:
                where = f"WHERE {pk} > %s " if last is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {', '.join(quoted)} FROM {table} {where}ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [last, batch_size] if last is not None else [batch_size],
                )
                rows = cursor.fetchall()
            if not rows:
                return done
            with connection.cursor() as cursor:
                for row in rows:
                    values = []
                    for value, without_time in zip(row[1:], timeless, strict=True):
                        if value is None:
                            values.append(None)
                            continue
                        try:
                            values.append(reencrypt(value, keys, timeless=without_time))
                        except Exception:
                            raise DecryptionError(
                                f"{model._meta.label} row {row[0]}: a value cannot be decrypted with the "
                                "configured keys; nothing in this model was changed."
                            ) from None
                    assignments = ", ".join(f"{c} = %s" for c in quoted)
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*values, row[0]])  # noqa: S608
            done += len(rows)
            last = rows[-1][0]


def rotate_all(*, new: str | None = None, batch_size: int = 500) -> RotationReport:
    """Re-encrypt every encrypted column with the new key; a model either moves whole or stays as it was."""
    new = new or new_key()
    try:
        Fernet(new.encode())
    except (ValueError, TypeError):
        raise ValueError("--key is not a Fernet key (32 url-safe base64-encoded bytes).") from None
    old = tuple(k for k in settings.BALINT_ENCRYPTION_KEYS if k != new)
    keys = (new, *old)
    report = RotationReport(keys=keys)
    failures = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields or model._meta.proxy or not model._meta.managed:
            continue
        try:
            count = _rotate_model(model, fields, keys, batch_size)
        except DecryptionError as error:
            failures.append(str(error))
            report.lines.append(f"FAILED {model._meta.label}: {error}")
        else:
            report.lines.append(
                f"{model._meta.label}: {count} row(s) re-encrypted ({', '.join(f.name for f in fields)})"
            )
    line = "BALINT_ENCRYPTION_KEY=" + ",".join(keys)
    if keys_from_env():
        report.instruction = (
            f"Put this line first in every machine's environment, then restart (keep the old keys until "
            f"every row shows as re-encrypted):\n{line}"
        )
    else:
        path = key_file(settings.DATA_DIR)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(keys) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        report.instruction = (
            f"The key file {path} now starts with the new key; restart Balint. Or set:\n{line}"
        )
    if failures:
        raise ValueError(
            "\n".join([*report.lines, "Some models were not re-encrypted; fix and run again.", line])
        )
    return report
