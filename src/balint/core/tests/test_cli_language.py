"""The `balint` command speaks the terminal's language: its help, its refusals and what `serve` prints."""

import pytest

from balint.config import cli
from balint.core.tests.test_cli import run


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"BALINT_LANGUAGE": "es", "LANG": "de_DE.UTF-8"}, "es"),
        ({"LC_ALL": "de_AT.UTF-8", "LANG": "es_ES.UTF-8"}, "de"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_it_reads_the_terminal_language(monkeypatch, environment, expected):
    for name in ("BALINT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert cli.terminal_language() == expected


def test_it_shows_its_help_and_refusals_in_german(tmp_path):
    german = {"BALINT_LANGUAGE": "de"}
    help_text = run("--help", env=german, tmp_path=tmp_path)
    assert help_text.returncode == 0
    assert "Der Befehl `balint`" in help_text.stdout and "Befehle: serve" in help_text.stdout
    serve_help = run("serve", "--help", env=german, tmp_path=tmp_path).stdout
    assert "das Demo-Programm laden, wenn die Datenbank leer ist" in serve_help
    unknown = run("nonsense", env=german, tmp_path=tmp_path)
    assert unknown.stderr.strip() == "balint: unbekannter Befehl 'nonsense'; `balint list` zeigt die Befehle"


def test_it_stays_english_for_a_language_balint_does_not_ship(tmp_path):
    result = run("--help", env={"BALINT_LANGUAGE": "fi"}, tmp_path=tmp_path)
    assert "The `balint` command" in result.stdout
