"""EncryptedTextField: free text stored as an opaque Fernet token, decrypted when read."""

from __future__ import annotations

from typing import Any

from django.core import validators
from django.db import models

from balint.privacy.crypto import decrypt, encrypt

# Encrypted values cannot be compared in SQL; only these look-ups still mean something.
ALLOWED_LOOKUPS = {"isnull"}


class EncryptedTextField(models.TextField):
    """A TextField whose database column holds a Fernet token; max_length limits the plaintext.

    Equality and text look-ups in SQL are refused (the column holds random-looking tokens); search
    with `balint.privacy.search.search_decrypted` on a queryset already scoped to what the user may see.
    `timeless=True` stamps every token with time 0 instead of the moment it was written, for rows that
    must hold no time at all (survey answers and transcripts).
    """

    description = "Text encrypted at rest"

    def __init__(self, *args: Any, timeless: bool = False, **kwargs: Any) -> None:
        self.timeless = timeless
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.timeless:
            kwargs["timeless"] = True
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value), timeless=self.timeless)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ALLOWED_LOOKUPS:
            raise TypeError(
                f"EncryptedTextField {self.name!r} cannot be filtered with {lookup_name!r}: its column "
                "holds encrypted tokens. Use balint.privacy.search.search_decrypted on a scoped queryset."
            )
        return super().get_lookup(lookup_name)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    """The model's own concrete EncryptedTextFields."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField) and f.model is model]
