"""Encryption keys for data at rest: from BALINT_ENCRYPTION_KEY or a key file made once in the data folder.

This module is imported by the settings, so it must not import Django models.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE_NAME = "encryption_key"
TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 and a timestamp: base64 "gAAAAA"
# A timeless token's creation time: the epoch. Fernet ignores the time when decrypting without a ttl, so a
# token stamped 0 reads like any other and says nothing about when it was written.
TIMELESS_AT = 0


class DecryptionError(Exception):
    """A stored value could not be decrypted with any of the configured keys."""


def _valid(key: str, where: str) -> str:
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{where} holds a value that is not a Fernet key (32 url-safe base64-encoded bytes); "
            "`balint rotate-key --print` makes one."
        ) from None
    return key


def key_file(directory: Path) -> Path:
    return directory / KEY_FILE_NAME


def encryption_keys(directory: Path) -> tuple[str, ...]:
    """The keys, current first: BALINT_ENCRYPTION_KEY (comma-separated), else the data folder's key file."""
    given = os.environ.get("BALINT_ENCRYPTION_KEY", "").strip()
    if given:
        return tuple(_valid(k.strip(), "BALINT_ENCRYPTION_KEY") for k in given.split(",") if k.strip())
    path = key_file(directory)
    if not path.exists():
        # O_EXCL: two processes starting together cannot write different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(Fernet.generate_key().decode() + "\n")
    keys = tuple(line.strip() for line in path.read_text().splitlines() if line.strip())
    if not keys:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"The encryption key file {path} is empty.")
    return tuple(_valid(k, str(path)) for k in keys)


def keys_from_env() -> bool:
    return bool(os.environ.get("BALINT_ENCRYPTION_KEY", "").strip())


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def cipher(keys: tuple[str, ...] | None = None) -> MultiFernet:
    """The MultiFernet for the configured keys (encrypts with the first, decrypts with any)."""
    if keys is None:
        from django.conf import settings

        keys = tuple(settings.BALINT_ENCRYPTION_KEYS)
    return _cipher(tuple(keys))


def encrypt(plaintext: str, keys: tuple[str, ...] | None = None, *, timeless: bool = False) -> str:
    """An opaque token for the text (different each time, even for the same text).

    A Fernet token carries its creation time in clear (bytes 1..9, readable without the key); with
    `timeless` that time is 0, for rows that must not record when they were written (survey answers).
    """
    data = plaintext.encode("utf-8")
    if timeless:
        return cipher(keys).encrypt_at_time(data, current_time=TIMELESS_AT).decode("ascii")
    return cipher(keys).encrypt(data).decode("ascii")


def decrypt(token: str, keys: tuple[str, ...] | None = None) -> str:
    """The text inside a token; DecryptionError names the likely cause when no key fits."""
    try:
        return cipher(keys).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError, ValueError):
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys: is an older key missing from "
            "BALINT_ENCRYPTION_KEY (or the key file), or was the value written without encryption?"
        ) from None


def reencrypt(token: str, keys: tuple[str, ...] | None = None, *, timeless: bool = False) -> str:
    """The token's text under the first key; its creation time is kept, or set to 0 when `timeless`.

    MultiFernet.rotate keeps the token's time, so a timeless token stays timeless; for a timeless column
    the time is set to 0 whatever it was, so rotation also clears a time that should never have been there.
    """
    try:
        if timeless:
            fernet = cipher(keys)
            return fernet.encrypt_at_time(fernet.decrypt(token.encode("ascii")), TIMELESS_AT).decode("ascii")
        return cipher(keys).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError, ValueError):
        raise DecryptionError("A stored value cannot be decrypted with the configured keys.") from None


def looks_encrypted(value: str) -> bool:
    """Whether a stored value is shaped like a Fernet token (used to skip rows already encrypted)."""
    return value.startswith(TOKEN_PREFIX) and len(value) >= 100 and value.isascii() and " " not in value


def new_key() -> str:
    return Fernet.generate_key().decode()
