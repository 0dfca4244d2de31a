"""EncryptedTextField: tokens in the database, plaintext in Python, clear errors, search, migration helper."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from balint.privacy.crypto import DecryptionError, encrypt, encryption_keys, looks_encrypted
from balint.privacy.migration import encrypt_existing_rows
from balint.privacy.models import ScreeningKeep
from balint.privacy.search import search_decrypted

SECRET = "Mrs Delacroix-Unique cried about her son"


def raw_reasons() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM privacy_screeningkeep ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def keep(world, reason: str) -> ScreeningKeep:
    return ScreeningKeep.objects.create(
        program=world.program, kind="NAME", where="test.Model.text", reason=reason
    )


def test_it_stores_no_plaintext_in_the_database_rows(world):
    keep(world, SECRET)
    stored = raw_reasons()
    assert len(stored) == 1
    assert "Delacroix" not in stored[0] and "son" not in stored[0]
    assert looks_encrypted(stored[0])
    assert ScreeningKeep.objects.get().reason == SECRET


def test_it_keeps_no_plaintext_in_the_sqlite_file(world, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("the database file is SQLite's; PostgreSQL is checked through its rows")
    keep(world, SECRET)
    name = connection.settings_dict["NAME"]
    if not name or "memory" in str(name):
        # The test database lives in memory: dump every page of it instead of a file.
        dump = "\n".join(connection.connection.iterdump())
        assert "Delacroix" not in dump
    else:
        with open(name, "rb") as handle:
            assert b"Delacroix" not in handle.read()


def test_it_encrypts_the_same_text_differently_each_time(world):
    keep(world, "same")
    keep(world, "same")
    first, second = raw_reasons()
    assert first != second


def test_it_round_trips_unicode_and_empty_text(world):
    for text in ["", "Zoë 🙂 مرحبا\nline two", "x" * 300]:
        row = keep(world, text)
        row.refresh_from_db()
        assert row.reason == text


def test_it_validates_max_length_on_the_plaintext(world):
    row = ScreeningKeep(program=world.program, kind="NAME", where="w", reason="x" * 301)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "reason" in error.value.message_dict


def test_it_refuses_sql_lookups_on_encrypted_text(world):
    with pytest.raises(TypeError, match="search_decrypted"):
        list(ScreeningKeep.objects.filter(reason="x"))
    with pytest.raises(TypeError):
        list(ScreeningKeep.objects.filter(reason__icontains="x"))
    assert not ScreeningKeep.objects.filter(reason__isnull=True).exists()


def test_it_names_a_missing_key_when_a_row_cannot_be_decrypted(world):
    keep(world, SECRET)
    other = Fernet.generate_key().decode()
    with (
        override_settings(BALINT_ENCRYPTION_KEYS=(other,)),
        pytest.raises(DecryptionError, match="older key"),
    ):
        ScreeningKeep.objects.get()


def test_it_reads_rows_written_under_an_older_key(world, settings):
    keep(world, SECRET)
    newer = Fernet.generate_key().decode()
    with override_settings(BALINT_ENCRYPTION_KEYS=(newer, *settings.BALINT_ENCRYPTION_KEYS)):
        assert ScreeningKeep.objects.get().reason == SECRET


def test_it_finds_rows_by_decrypted_text_within_a_scoped_queryset(world):
    keep(world, "Talked about Narcotic contracts")
    keep(world, "Nothing relevant")
    other = ScreeningKeep.objects.create(
        program=world.other_program, kind="NAME", where="w", reason="narcotic contracts elsewhere"
    )
    scoped = ScreeningKeep.objects.filter(program=world.program)
    found = list(search_decrypted(scoped, "narcotic CONTRACTS"))
    assert [r.reason for r in found] == ["Talked about Narcotic contracts"]
    assert other not in found
    assert list(search_decrypted(scoped, "   ")) == []


def test_it_encrypts_existing_plaintext_rows_with_the_migration_helper(world):
    keep(world, "already encrypted")
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO privacy_screeningkeep (at, program_id, kind, "where", reason, digest) '
            "VALUES (%s, %s, %s, %s, %s, %s)",
            ["2025-01-01T00:00:00+00:00", world.program.pk, "NAME", "w", "legacy plaintext note", ""],
        )
    from django.apps import apps

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    changed = encrypt_existing_rows("privacy", "ScreeningKeep", ["reason"])(apps, editor)
    assert changed == 1
    assert all(looks_encrypted(value) for value in raw_reasons())
    assert sorted(r.reason for r in ScreeningKeep.objects.all()) == [
        "already encrypted",
        "legacy plaintext note",
    ]
    assert encrypt_existing_rows("privacy", "ScreeningKeep", ["reason"])(apps, editor) == 0


def test_it_generates_one_key_file_and_reuses_it(tmp_path, monkeypatch):
    monkeypatch.delenv("BALINT_ENCRYPTION_KEY", raising=False)
    first = encryption_keys(tmp_path)
    assert encryption_keys(tmp_path) == first
    assert (tmp_path / "encryption_key").stat().st_mode & 0o777 == 0o600


def test_it_reads_comma_separated_keys_from_the_environment(tmp_path, monkeypatch):
    a, b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", f" {a} , {b} ")
    assert encryption_keys(tmp_path) == (a, b)
    assert not (tmp_path / "encryption_key").exists()


def test_it_refuses_a_malformed_key(tmp_path, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", "not-a-key")
    with pytest.raises(ImproperlyConfigured, match="BALINT_ENCRYPTION_KEY"):
        encryption_keys(tmp_path)


def test_it_tells_tokens_from_plaintext():
    assert looks_encrypted(encrypt(""))
    assert not looks_encrypted("gAAAAA but plain words")
