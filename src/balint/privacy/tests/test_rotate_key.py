"""balint rotate-key: every encrypted column moves to the new key; a model that fails stays as it was."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from balint.privacy.crypto import decrypt
from balint.privacy.models import ScreeningKeep


def raw() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM privacy_screeningkeep ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_it_re_encrypts_every_row_under_the_new_key_and_prints_the_key_line(world, settings, monkeypatch):
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", old)
    # Any row another test left behind was written under the configured key: keep it readable too.
    configured = tuple(settings.BALINT_ENCRYPTION_KEYS)
    ScreeningKeep.objects.all().delete()
    with override_settings(BALINT_ENCRYPTION_KEYS=(old,)):
        for i in range(7):
            ScreeningKeep.objects.create(program=world.program, kind="NAME", where="w", reason=f"reason {i}")
    with override_settings(BALINT_ENCRYPTION_KEYS=(old, *configured)):
        before = raw()
        out = io.StringIO()
        try:
            call_command("rotate-key", f"--key={new}", "--batch-size", "3", stdout=out)
        except CommandError as error:
            raise AssertionError(f"rotation failed: {error}\n{out.getvalue()}") from None
    assert f"BALINT_ENCRYPTION_KEY={new},{old}" in out.getvalue()
    assert "privacy.ScreeningKeep: 7 row(s)" in out.getvalue()
    after = raw()
    assert after != before
    # Readable with the new key alone: the old one can be retired.
    assert [decrypt(token, (new,)) for token in after] == [f"reason {i}" for i in range(7)]


def test_it_changes_nothing_in_a_model_with_an_undecryptable_row(world, monkeypatch):
    old = Fernet.generate_key().decode()
    stranger = Fernet.generate_key().decode()
    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", old)
    with override_settings(BALINT_ENCRYPTION_KEYS=(old,)):
        ScreeningKeep.objects.create(program=world.program, kind="NAME", where="w", reason="good")
    with override_settings(BALINT_ENCRYPTION_KEYS=(stranger,)):
        ScreeningKeep.objects.create(program=world.program, kind="NAME", where="w", reason="foreign")
    before = raw()
    with (
        override_settings(BALINT_ENCRYPTION_KEYS=(old,)),
        pytest.raises(CommandError, match="cannot be decrypted"),
    ):
        call_command("rotate-key", "--batch-size", "1", stdout=io.StringIO())
    assert raw() == before


def test_it_updates_the_key_file_when_keys_come_from_it(world, settings, tmp_path, monkeypatch):
    monkeypatch.delenv("BALINT_ENCRYPTION_KEY", raising=False)
    old = Fernet.generate_key().decode()
    # The world's notes were written under the test key: it stays readable as an older key.
    earlier = tuple(settings.BALINT_ENCRYPTION_KEYS)
    (tmp_path / "encryption_key").write_text("\n".join((old, *earlier)) + "\n")
    with override_settings(BALINT_ENCRYPTION_KEYS=(old, *earlier), DATA_DIR=tmp_path):
        ScreeningKeep.objects.create(program=world.program, kind="NAME", where="w", reason="kept")
        call_command("rotate-key", stdout=io.StringIO())
    keys = (tmp_path / "encryption_key").read_text().split()
    assert len(keys) == 2 + len(earlier) and keys[1] == old
    assert decrypt(raw()[0], (keys[0],)) == "kept"


def test_it_prints_a_fresh_key():
    out = io.StringIO()
    call_command("rotate-key", "--print", stdout=out)
    Fernet(out.getvalue().strip().encode())


def test_it_refuses_a_malformed_new_key(db):
    with pytest.raises(CommandError, match="not a Fernet key"):
        call_command("rotate-key", "--key", "short", stdout=io.StringIO())
