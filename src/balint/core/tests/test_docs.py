"""The README and .env.example stay true: every command and every environment variable is documented."""

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

from balint.core.commands import balint_commands

ROOT = Path(__file__).resolve().parents[4]
README = (ROOT / "README.md").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()


def _variables_read_by_the_code() -> set[str]:
    found = set()
    pattern = re.compile(
        r"""env_(?:str|bool|int|list)\(\s*["']([A-Z_][A-Z0-9_]*)["']|os\.environ(?:\.get)?\(\s*["']([A-Z_][A-Z0-9_]*)["']|os\.environ\[\s*["']([A-Z_][A-Z0-9_]*)["']"""
    )
    for path in (ROOT / "src" / "balint").rglob("*.py"):
        if "/tests/" in str(path):
            continue
        for match in pattern.finditer(path.read_text()):
            found.add(next(group for group in match.groups() if group))
    return found - {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_it_gives_every_balint_command_help_with_an_example():
    for name, app in get_commands().items():
        if isinstance(app, str) and app.startswith("balint."):
            help_text = load_command_class(app, name).help or ""
            assert help_text.strip(), f"{name} has no help"
            assert "balint " in help_text or "Example" in help_text, f"{name}'s help shows no example"


def test_it_lists_every_balint_command_in_the_readme():
    for name in balint_commands():
        assert f"balint {name}" in README, f"`balint {name}` is not in README.md"


def test_it_documents_every_environment_variable():
    for name in _variables_read_by_the_code():
        assert re.search(rf"^{name}=", ENV_EXAMPLE, re.M), f"{name} is missing from .env.example"
        assert f"`{name}`" in README, f"{name} is missing from the README's configuration table"


def test_it_opens_the_readme_with_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start
