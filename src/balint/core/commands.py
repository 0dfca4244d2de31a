"""The Balint management commands that `balint NAME` runs directly."""

from functools import cache

from django.core.management import get_commands, load_command_class


@cache
def balint_commands() -> dict[str, str]:
    """Name → one-line help of each management command that a Balint app provides."""
    found = {}
    for name, app in sorted(get_commands().items()):
        if isinstance(app, str) and app.startswith("balint."):
            command = load_command_class(app, name)
            found[name] = (command.help or "").strip().splitlines()[0] if command.help else ""
    return found
