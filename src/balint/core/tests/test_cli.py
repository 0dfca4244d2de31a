"""The `balint` command as a person runs it: clear one-line errors, never a traceback."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BALINT = str(Path(sys.executable).parent / "balint")


def run(*args: str, env: dict | None = None, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    # The messages asserted are English: the machine's own locale must not choose another language.
    environment |= {"BALINT_DATA_DIR": str(tmp_path), "BALINT_LANGUAGE": "en"} | (env or {})
    return subprocess.run([BALINT, *args], capture_output=True, text=True, env=environment, timeout=120)


def test_it_refuses_an_unreachable_database_with_one_line(tmp_path):
    result = run("serve", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}, tmp_path=tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("balint: cannot reach the database")
    assert "Traceback" not in result.stderr


def test_it_refuses_a_malformed_setting_with_one_line(tmp_path):
    result = run("list", env={"DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_lists_the_balint_commands(tmp_path):
    result = run("list", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "createadmin" in result.stdout


def test_it_creates_an_administrator(tmp_path):
    assert run("manage", "migrate", "-v0", tmp_path=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "balint.sqlite3") as db:  # a plain migrate makes the shared cache too
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'balint_cache'").fetchone()
    result = run(
        "createadmin",
        "alice",
        "--email",
        "alice@example.org",
        env={"BALINT_ADMIN_PASSWORD": "a-long-enough-secret"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    again = run(
        "createadmin",
        "alice",
        "--email",
        "alice@example.org",
        env={"BALINT_ADMIN_PASSWORD": "a-long-enough-secret"},
        tmp_path=tmp_path,
    )
    assert again.returncode != 0 and "taken" in again.stderr


def test_it_loads_the_demo_into_a_fresh_data_folder(tmp_path):
    result = run("demo", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "no such table" not in result.stderr


def test_it_builds_links_from_the_served_address():
    from balint.config.cli import _served_address

    assert _served_address("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert _served_address("0.0.0.0", 9000) == "http://127.0.0.1:9000"
    assert _served_address("balint.local", 80) == "http://balint.local:80"
