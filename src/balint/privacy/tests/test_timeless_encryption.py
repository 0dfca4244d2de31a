"""Timeless tokens: Fernet tokens stamped with time 0, for rows that must hold no time (survey answers)."""

import base64
import datetime
import io

import pytest
import time_machine
from cryptography.fernet import Fernet, MultiFernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from balint.privacy.crypto import TOKEN_PREFIX, decrypt, encrypt, looks_encrypted, reencrypt
from balint.privacy.fields import EncryptedTextField
from balint.surveys.models import Answer, Transcript
from balint.surveys.tests.factories import answer, make_survey

KEY = Fernet.generate_key().decode()
WHEN = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)


def stamp(token: str, key: str = KEY) -> int:
    return Fernet(key.encode()).extract_timestamp(token.encode())


def test_it_stamps_a_timeless_token_with_zero_and_a_plain_one_with_the_clock():
    with time_machine.travel(WHEN, tick=False):
        timeless = encrypt("Dr Alvarez", (KEY,), timeless=True)
        plain = encrypt("Dr Alvarez", (KEY,))
    assert stamp(timeless) == 0 and base64.urlsafe_b64decode(timeless)[1:9] == bytes(8)
    assert stamp(plain) == int(WHEN.timestamp())
    assert decrypt(timeless, (KEY,)) == "Dr Alvarez"
    assert timeless != encrypt("Dr Alvarez", (KEY,), timeless=True)  # still a fresh IV each time


def test_it_recognises_timeless_tokens_as_encrypted_even_for_empty_text():
    for text in ("", "x", "Zoë 🙂"):
        token = encrypt(text, (KEY,), timeless=True)
        assert token.startswith(TOKEN_PREFIX) and looks_encrypted(token)
        assert stamp(token) == 0


def test_it_keeps_time_zero_through_multifernet_rotate_and_through_reencrypt():
    new = Fernet.generate_key().decode()
    token = encrypt("answer", (KEY,), timeless=True)
    # The library's own rotation keeps a token's time: 0 stays 0.
    rotated = MultiFernet([Fernet(new.encode()), Fernet(KEY.encode())]).rotate(token.encode()).decode()
    assert stamp(rotated, new) == 0
    assert stamp(reencrypt(token, (new, KEY), timeless=True), new) == 0
    # For a timeless column a stray time is cleared; a plain column keeps its time.
    with time_machine.travel(WHEN, tick=False):
        stamped = encrypt("answer", (KEY,))
    assert stamp(reencrypt(stamped, (new, KEY), timeless=True), new) == 0
    assert stamp(reencrypt(stamped, (new, KEY)), new) == int(WHEN.timestamp())
    assert decrypt(reencrypt(stamped, (new, KEY), timeless=True), (new,)) == "answer"


def test_it_writes_timeless_into_the_migration_only_when_set():
    assert "timeless" not in EncryptedTextField(blank=True).deconstruct()[3]
    assert EncryptedTextField(timeless=True).deconstruct()[3]["timeless"] is True
    assert Answer._meta.get_field("text").timeless and Transcript._meta.get_field("text").timeless


def raw_answer_tokens() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {Answer._meta.db_table} ORDER BY id")
        answers = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT text FROM {Transcript._meta.db_table} ORDER BY id")
        return answers + [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_rotate_key_keeps_answer_and_transcript_tokens_timeless(world, settings, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", old)
    configured = tuple(settings.BALINT_ENCRYPTION_KEYS)  # rows other fixtures wrote stay readable
    with override_settings(BALINT_ENCRYPTION_KEYS=(old,)):
        survey = make_survey(world.group)
        answer(survey, world.resident, text="Dr Alvarez helped")
        first = Answer.objects.filter(question__kind="open").first()
        Transcript.objects.create(answer=first, text="[NAME] helped", approved=True)
    before = raw_answer_tokens()
    assert before and all(stamp(token, old) == 0 for token in before)
    with override_settings(BALINT_ENCRYPTION_KEYS=(old, *configured)):
        out = io.StringIO()
        try:
            call_command("rotate-key", f"--key={new}", stdout=out)
        except CommandError as error:
            raise AssertionError(f"rotation failed: {error}\n{out.getvalue()}") from None
    assert "surveys.Answer:" in out.getvalue() and "surveys.Transcript: 1 row(s)" in out.getvalue()
    after = raw_answer_tokens()
    assert len(after) == len(before) and not set(after) & set(before)
    # Readable with the new key alone, and bytes 1..9 (the time) are still all zero.
    assert all(stamp(token, new) == 0 for token in after)
    assert all(base64.urlsafe_b64decode(token)[1:9] == bytes(8) for token in after)
    assert "Dr Alvarez helped" in [decrypt(token, (new,)) for token in after]
    assert "[NAME] helped" in [decrypt(token, (new,)) for token in after]
