"""The `balint` command: serve, worker, demo, createadmin and every Balint management command.

`balint serve` and `balint worker` are handled here; `balint manage ARGS` passes ARGS to Django's
management commands; any other `balint NAME ARGS` runs the Balint management command NAME
(for example `balint demo --force` or `balint export qdpx --program demo -o demo.qdpx`).
"""

import os
import shutil
import sys

DEFAULT_SETTINGS = "balint.config.settings.base"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        _fail(f"configuration error: {error}")


def _fail(message: str) -> None:
    print(f"balint: {message}", file=sys.stderr)
    raise SystemExit(2)


def _check_database() -> None:
    """Exit with one clear line when the database cannot be reached."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        settings_dict = connection.settings_dict
        where = settings_dict.get("HOST") or settings_dict.get("NAME")
        _fail(f"cannot reach the database at {where}: {first_line}")


def _management(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["balint", *argv])


def serve(argv: list[str]) -> None:
    """Migrate, collect static files, optionally load the demo, then run gunicorn."""
    import argparse

    parser = argparse.ArgumentParser(prog="balint serve", description="Serve Balint with gunicorn.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument(
        "--demo", action="store_true", help="load the demo program when the database is empty"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=60,
        help="seconds before gunicorn restarts a silent worker (default 60)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        _fail("--workers must be at least 1")
    _setup()
    _check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.demo:
        from balint.core.demo import demo_load, demo_logins, demo_needed

        if demo_needed():
            print("Loading the demo program (first start only)…", flush=True)
            demo_load()
        print(demo_logins(), flush=True)
    print(f"Balint is serving on http://{args.host}:{args.port}  (stop with Ctrl-C)", flush=True)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        _fail("gunicorn is not installed in this environment")
    os.execv(  # noqa: S606 - this process becomes gunicorn; fixed program and arguments, no shell
        gunicorn,
        [
            gunicorn,
            "balint.config.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "--timeout",
            str(args.timeout),
        ],
    )


def _check_migrated() -> None:
    """Exit with one clear line when the database still lacks migrations (e.g. a worker started first)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _fail("the database is not migrated yet: start `balint serve` or run `balint manage migrate`")


def worker(argv: list[str]) -> None:
    """Run a background-task worker (django-tasks database backend)."""
    _setup()
    _check_database()
    _check_migrated()
    _management(["db_worker", *argv])


def main() -> None:
    argv = sys.argv[1:]
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        print(
            "Commands: serve, worker, demo, createadmin, manage, and the Balint commands "
            "listed by `balint list`."
        )
        return
    command, rest = argv[0], argv[1:]
    if command == "serve":
        serve(rest)
    elif command == "worker":
        worker(rest)
    elif command == "manage":
        _setup()
        _management(rest)
    elif command == "list":
        _setup()
        from balint.core.commands import balint_commands

        for name, help_text in balint_commands().items():
            print(f"{name:14} {help_text}")
    else:
        _setup()
        from balint.core.commands import balint_commands

        if command not in balint_commands():
            _fail(f"unknown command {command!r}; `balint list` shows the commands")
        if command not in {"demo", "createadmin"}:
            _check_database()
        _management(argv)


if __name__ == "__main__":
    main()
