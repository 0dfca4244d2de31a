"""Analysis free text (sources, quotes, memos, reflections, examples, suggestions) is stored encrypted."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from balint.coding import services
from balint.coding.models import AnalysisRound, Coding, Memo, Source, Theme
from balint.insights.models import Suggestion
from balint.privacy.crypto import looks_encrypted
from balint.privacy.migration import EncryptExistingRows

pytestmark = pytest.mark.django_db

TEXT = "Dr Quillfeather said the patient Ms Xantippe Vorhees wept in clinic."
QUOTE = "Ms Xantippe Vorhees wept"
START = TEXT.index(QUOTE)
END = START + len(QUOTE)
SECRETS = ("Quillfeather", "Xantippe", "Vorhees")

# Every column converted to encrypted storage (migrations coding 0004 and insights 0002).
COLUMNS = [
    (Source, "text"),
    (Coding, "quote"),
    (Memo, "body"),
    (AnalysisRound, "reflection"),
    (Theme, "example"),
    (Suggestion, "passage"),
    (Suggestion, "explanation"),
]


def raw(model, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {model._meta.db_table}")
        return [row[0] for row in cursor.fetchall()]


def analysis_rows(world) -> dict[tuple[type, str], object]:
    program = world.program
    source = services.source_create(
        program=program, kind=Source.Kind.SESSION_NOTE, title="Note", text=TEXT, deidentified=True
    )
    theme = Theme.objects.create(program=program, name="Grief", example=f"“{QUOTE}”")
    (coding,) = services.coding_create(
        source=source, coder=world.leader, themes=[theme], start=START, end=END
    )
    memo = Memo.objects.create(program=program, author=world.leader, title="M", body=f"Why {QUOTE}?")
    analysis_round = services.round_open(
        program=program, started_on=datetime.date(2025, 1, 1), reflection=f"Round on {QUOTE}"
    )
    explanation = {"text": "Similar passages", "evidence": [{"text": TEXT, "similarity": 0.9}]}
    suggestion = Suggestion.objects.create(
        program=program,
        kind=Suggestion.Kind.CODE,
        source=source,
        start=START,
        end=END,
        passage=QUOTE,
        theme=theme,
        value=theme.name,
        score=0.9,
        explanation=explanation,
    )
    return {
        (Source, "text"): (source, TEXT),
        (Coding, "quote"): (coding, QUOTE),
        (Memo, "body"): (memo, f"Why {QUOTE}?"),
        (AnalysisRound, "reflection"): (analysis_round, f"Round on {QUOTE}"),
        (Theme, "example"): (theme, f"“{QUOTE}”"),
        (Suggestion, "passage"): (suggestion, QUOTE),
        (Suggestion, "explanation"): (suggestion, explanation),
    }


def test_it_stores_no_plaintext_of_the_analysis_and_reads_it_back(world):
    rows = analysis_rows(world)
    for model, column in COLUMNS:
        stored = raw(model, column)
        assert len(stored) == 1, (model, column)
        assert looks_encrypted(stored[0]), (model, column)
        assert not [word for word in SECRETS if word in stored[0]], (model, column)
        instance, expected = rows[(model, column)]
        assert getattr(model.objects.get(pk=instance.pk), column) == expected, (model, column)
    # values() and values_list() decrypt too (selectors read passages that way).
    assert list(Coding.objects.values_list("quote", flat=True)) == [QUOTE]
    assert list(Suggestion.objects.values_list("explanation", flat=True))[0]["evidence"][0]["text"] == TEXT


def test_it_keeps_no_analysis_plaintext_in_the_sqlite_file(world):
    if connection.vendor != "sqlite":
        pytest.skip("the database file is SQLite's; PostgreSQL is checked through its rows")
    analysis_rows(world)
    name = connection.settings_dict["NAME"]
    if not name or "memory" in str(name):
        dump = "\n".join(connection.connection.iterdump())
        assert not [word for word in SECRETS if word in dump]
    else:
        with open(name, "rb") as handle:
            content = handle.read()
        assert not [word for word in SECRETS if word.encode() in content]


def test_it_refuses_sql_lookups_on_the_analysis_text(world):
    for query in (
        lambda: Source.objects.filter(text__contains="x"),
        lambda: Coding.objects.filter(quote__icontains="x"),
        lambda: Memo.objects.filter(body="x"),
        lambda: Suggestion.objects.filter(passage__startswith="x"),
    ):
        with pytest.raises(TypeError, match="search_decrypted"):
            list(query())


def test_the_migrations_encrypt_existing_plaintext_rows_of_every_converted_column(world):
    rows = analysis_rows(world)
    # Rows as before the migrations: plaintext (JSON text for the explanation) in every column.
    with connection.cursor() as cursor:
        for (model, column), (instance, expected) in rows.items():
            value = expected if isinstance(expected, str) else '{"text": "legacy"}'
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
                [value, instance.pk],
            )
    assert raw(Source, "text") == [TEXT]

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    for app, name in (("coding", "0004_encrypt_free_text"), ("insights", "0002_encrypt_free_text")):
        state = MigrationExecutor(connection).loader.project_state((app, name))
        migration = importlib.import_module(f"balint.{app}.migrations.{name}").Migration
        for operation in migration.operations:
            if isinstance(operation, EncryptExistingRows):
                operation.code(state.apps, editor)

    for model, column in COLUMNS:
        assert all(looks_encrypted(value) for value in raw(model, column)), (model, column)
    for (model, column), (instance, expected) in rows.items():
        if isinstance(expected, str):
            assert getattr(model.objects.get(pk=instance.pk), column) == expected
    assert Suggestion.objects.get().explanation == {"text": "legacy"}
