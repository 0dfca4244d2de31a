import datetime

import pytest
from cryptography.fernet import Fernet
from django.db import DatabaseError, connection, transaction

from balint.coding import services
from balint.coding.models import AnalysisRound
from balint.coding.tests.factories import code, make_source, make_theme
from balint.core.errors import ApplicationError
from balint.privacy.rotation import rotate_all


def _closed_round(world):
    source = make_source(world.program)
    theme = make_theme(world.program, "Trust")
    code(source, world.leader, theme, 0, 10)
    analysis_round = services.round_open(program=world.program, started_on=datetime.date(2025, 1, 1))
    services.round_update(analysis_round=analysis_round, data={"reflection": "We read twice."})
    return services.round_close(analysis_round=analysis_round, by=world.leader), source, theme


def test_it_freezes_the_snapshot_when_a_round_closes(world):
    closed, source, theme = _closed_round(world)
    frozen = dict(closed.snapshot)
    assert frozen["codings"] == 1
    assert [t["name"] for t in frozen["themes"]] == ["Trust"]
    # Later work changes the codebook, never the closed snapshot.
    code(source, world.co_leader, theme, 0, 10)
    services.theme_update(theme=theme, data={"name": "Trust and safety"})
    closed.refresh_from_db()
    assert closed.snapshot == frozen


def test_it_refuses_every_change_to_a_closed_round(world, time_machine):
    closed, *_ = _closed_round(world)
    # Later than the closing second: a token written then would carry the closing time (see below).
    time_machine.move_to(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5))
    with pytest.raises(ApplicationError):
        services.round_update(analysis_round=closed, data={"reflection": "Rewritten"})
    with pytest.raises(ApplicationError):
        services.round_close(analysis_round=closed, by=world.leader)
    closed.snapshot = {"themes": [], "codings": 0}
    with pytest.raises(ApplicationError):
        closed.save()
    # Even a bulk update that skips the model is refused by the database trigger.
    with pytest.raises(DatabaseError), transaction.atomic():
        AnalysisRound.objects.filter(pk=closed.pk).update(reflection="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AnalysisRound.objects.filter(pk=closed.pk).update(number=9)
    closed.refresh_from_db()
    assert closed.reflection == "We read twice." and closed.snapshot["codings"] == 1


def test_it_lets_key_rotation_re_encrypt_a_closed_rounds_reflection(world, settings, monkeypatch):
    closed, *_ = _closed_round(world)
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("BALINT_ENCRYPTION_KEY", ",".join(settings.BALINT_ENCRYPTION_KEYS))  # no key file
    with connection.cursor() as cursor:
        cursor.execute("SELECT reflection FROM coding_analysisround WHERE id = %s", [closed.pk])
        (before,) = cursor.fetchone()
    report = rotate_all(new=new_key)
    assert not [line for line in report.lines if line.startswith("FAILED")]
    settings.BALINT_ENCRYPTION_KEYS = [new_key]  # the old key is gone: the row must be under the new one
    with connection.cursor() as cursor:
        cursor.execute("SELECT reflection FROM coding_analysisround WHERE id = %s", [closed.pk])
        (after,) = cursor.fetchone()
    assert after != before and after[:12] == before[:12]  # same creation time, other key
    closed.refresh_from_db()
    assert closed.reflection == "We read twice."


def test_it_allows_one_open_round_at_a_time(world):
    services.round_open(program=world.program, started_on=datetime.date(2025, 1, 1))
    with pytest.raises(ApplicationError, match="Close the open round"):
        services.round_open(program=world.program, started_on=datetime.date(2025, 2, 1))


def test_it_compares_two_rounds(world):
    first, source, theme = _closed_round(world)
    merged = make_theme(world.program, "Safety")
    code(source, world.leader, merged, 20, 30)
    code(source, world.co_leader, theme, 0, 10)
    services.theme_merge(theme=merged, into=theme)
    make_theme(world.program, "Attraction")
    second = services.round_open(program=world.program, started_on=datetime.date(2025, 6, 1))
    second = services.round_close(analysis_round=second, by=world.leader)
    comparison = services.rounds_compare(before=first.snapshot, after=second.snapshot)
    assert comparison.added == ["Attraction"]
    assert comparison.merged == []  # "Safety" was added and merged within round 2
    assert [(c.name, c.before, c.after) for c in comparison.counts] == [("Trust", 1, 3)]
    assert (comparison.codings_before, comparison.codings_after) == (1, 3)


def test_the_sqlite_freeze_trigger_names_every_column_of_a_round():
    """SQLite's trigger lists the columns a closed round may not change (all but the reflection, whose
    token only key rotation may replace): a column added to the model must be added there too."""
    import importlib

    trigger = importlib.import_module("balint.coding.migrations.0004_encrypt_free_text").NEW_SQLITE
    columns = {f.column for f in AnalysisRound._meta.concrete_fields} - {"reflection"}
    assert {c for c in columns if f"NEW.{c} IS OLD.{c}" not in trigger} == set()
