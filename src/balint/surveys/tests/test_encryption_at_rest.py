"""Answers and transcripts are stored as timeless Fernet tokens: no plaintext and no time in the rows."""

import datetime

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from balint.privacy.crypto import decrypt, looks_encrypted
from balint.privacy.migration import EncryptExistingRows
from balint.surveys import services
from balint.surveys.models import Answer, Question, Transcript
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db

RAW = "Dr Zebulon Quartz at Mercy clinic shouted at me"
CLEAN = "An attending shouted at me, approved"


def raw(model) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {model._meta.db_table}")
        return [row[0] for row in cursor.fetchall()]


def keys(settings) -> list[str]:
    return list(settings.BALINT_ENCRYPTION_KEYS)


def test_it_stores_no_plaintext_of_answers_or_transcripts(world, survey):
    answer(survey, world.resident, text=RAW)
    target = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
    services.transcript_save(answer=target, transcriber=world.transcriber, text=CLEAN, approve=True)

    answers, transcripts = raw(Answer), raw(Transcript)
    assert answers and transcripts == [transcripts[0]]
    for token in answers + transcripts:
        assert looks_encrypted(token)
        assert "Quartz" not in token and "shouted" not in token and "attending" not in token
    assert RAW in [decrypt(token) for token in answers]
    assert Transcript.objects.get().text == CLEAN
    assert RAW in {a.text for a in Answer.objects.all()}


def test_it_stamps_every_answer_and_transcript_token_with_time_zero(world, survey, settings):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        answer(survey, world.resident, text=RAW)
        target = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
        services.transcript_save(answer=target, transcriber=world.transcriber, text=CLEAN, approve=False)
    fernet = Fernet(keys(settings)[0].encode())
    tokens = raw(Answer) + raw(Transcript)
    assert len(tokens) == survey.instrument.questions.count() + 1  # Likert answers hold an empty token
    assert all(fernet.extract_timestamp(token.encode()) == 0 for token in tokens)


def test_it_refuses_sql_lookups_on_the_encrypted_text(world, survey):
    with pytest.raises(TypeError, match="search_decrypted"):
        list(Answer.objects.filter(text__contains="x"))
    with pytest.raises(TypeError, match="search_decrypted"):
        list(Transcript.objects.filter(text="x"))


def test_the_migration_encrypts_existing_plaintext_rows_with_timeless_tokens(world, survey, settings):
    answer(survey, world.resident, text="placeholder")
    target = Answer.objects.filter(question__kind=Question.Kind.OPEN).first()
    services.transcript_save(answer=target, transcriber=world.transcriber, text="placeholder", approve=False)
    # Rows as 0001 left them: plaintext in both columns.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Answer._meta.db_table} SET text = %s", ["legacy answer"])
        cursor.execute(f"UPDATE {Transcript._meta.db_table} SET text = %s", ["legacy transcript"])
    state = MigrationExecutor(connection).loader.project_state(
        ("surveys", "0002_encrypt_answers_and_transcripts")
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    for model_name in ("Answer", "Transcript"):
        EncryptExistingRows("surveys", model_name, ["text"]).code(state.apps, editor)

    fernet = Fernet(keys(settings)[0].encode())
    tokens = raw(Answer) + raw(Transcript)
    assert all(looks_encrypted(t) and fernet.extract_timestamp(t.encode()) == 0 for t in tokens)
    assert {a.text for a in Answer.objects.all()} == {"legacy answer"}
    assert Transcript.objects.get().text == "legacy transcript"
