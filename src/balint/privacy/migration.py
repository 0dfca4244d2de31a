"""Helpers for a migration that turns a plain TextField into an EncryptedTextField and encrypts existing rows.

Recipe (phase 2, in the owning app's new migration):

    from balint.privacy.migration import EncryptExistingRows
    import balint.privacy.fields

    operations = [
        migrations.AlterField("meetingnote", "content", balint.privacy.fields.EncryptedTextField(blank=True)),
        EncryptExistingRows("meetings", "MeetingNote", ["content", "process"]),
    ]

AlterField changes nothing in the database (text stays text); EncryptExistingRows then rewrites each
plaintext value as a token in batches, skipping values that are already tokens, so it may be re-run.
A field declared `EncryptedTextField(timeless=True)` gets tokens stamped with time 0 (read from the
migration state, so the AlterField must come first). Reversing decrypts the rows back to plaintext.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from balint.privacy.crypto import decrypt, encrypt, looks_encrypted


def _rewrite(
    apps: Any,
    schema_editor: Any,
    app_label: str,
    model_name: str,
    fields: list[str],
    forward: bool,
    batch_size: int = 500,
) -> int:
    model = apps.get_model(app_label, model_name)
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    timeless = [bool(getattr(model._meta.get_field(name), "timeless", False)) for name in fields]
    changed = 0
    last = None
    while True:
        with connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            params = [last, batch_size] if last is not None else [batch_size]
            cursor.execute(
                f"SELECT {pk}, {', '.join(columns)} FROM {table} {where}ORDER BY {pk} LIMIT %s",  # noqa: S608
                params,
            )
            rows = cursor.fetchall()
        if not rows:
            return changed
        with connection.cursor() as cursor:
            for row in rows:
                values = list(row[1:])
                new = []
                for value, without_time in zip(values, timeless, strict=True):
                    if value is None:
                        new.append(None)
                    elif forward:
                        new.append(value if looks_encrypted(value) else encrypt(value, timeless=without_time))
                    else:
                        new.append(decrypt(value) if looks_encrypted(value) else value)
                if new != values:
                    assignments = ", ".join(f"{c} = %s" for c in columns)
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*new, row[0]])  # noqa: S608
                    changed += 1
        last = rows[-1][0]


class EncryptExistingRows(migrations.RunPython):
    """RunPython that encrypts the named fields' existing plaintext (and decrypts when reversed)."""

    def __init__(self, app_label: str, model_name: str, fields: list[str], batch_size: int = 500) -> None:
        def forward(apps: Any, schema_editor: Any) -> None:
            _rewrite(apps, schema_editor, app_label, model_name, fields, True, batch_size)

        def backward(apps: Any, schema_editor: Any) -> None:
            _rewrite(apps, schema_editor, app_label, model_name, fields, False, batch_size)

        super().__init__(forward, backward, elidable=False)
        self.app_label_, self.model_name_, self.fields_ = app_label, model_name, list(fields)

    def describe(self) -> str:
        return f"Encrypt existing {self.app_label_}.{self.model_name_} {', '.join(self.fields_)}"


def encrypt_existing_rows(app_label: str, model_name: str, fields: list[str]) -> Any:
    """A RunPython-style function (apps, schema_editor) encrypting the fields' plaintext rows."""

    def run(apps: Any, schema_editor: Any) -> int:
        return _rewrite(apps, schema_editor, app_label, model_name, fields, True)

    return run
