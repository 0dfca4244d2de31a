"""The `balint` command: serve, worker, demo, createadmin and every Balint management command.

`balint serve` and `balint worker` are handled here; `balint manage ARGS` passes ARGS to Django's
management commands; any other `balint NAME ARGS` runs the Balint management command NAME
(for example `balint demo --force` or `balint export qdpx --program demo -o demo.qdpx`).
"""

import functools
import gettext
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_SETTINGS = "balint.config.settings.base"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def terminal_language() -> str:
    """The terminal's language: BALINT_LANGUAGE, else LC_ALL, LC_MESSAGES or LANG ("de_DE.UTF-8" -> "de")."""
    for name in ("BALINT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in {"C", "POSIX"} and not value.startswith("C."):
            return value.split(".")[0].split("_")[0].split("-")[0].lower()
    return "en"


@functools.cache
def _catalogue() -> gettext.NullTranslations:
    # The product's own compiled catalogue, read without Django: help and errors come before settings load.
    return gettext.translation("django", localedir=LOCALE_DIR, languages=[terminal_language()], fallback=True)


def _(message: str) -> str:
    """The message in the terminal's language (English when Balint ships no catalogue for it)."""
    return _catalogue().gettext(message)


def _settings_option(argv: list[str]) -> None:
    """Honour `--settings X` (or `--settings=X`) before Django is set up: Django reads the option only
    once it parses the command's arguments, after `_setup` has already loaded the default settings, so
    `balint manage check --deploy --settings=...production` used to check the base settings."""
    for index, arg in enumerate(argv):
        if arg == "--":
            return
        if arg.startswith("--settings="):
            os.environ["DJANGO_SETTINGS_MODULE"] = arg.split("=", 1)[1]
        elif arg == "--settings" and index + 1 < len(argv):
            os.environ["DJANGO_SETTINGS_MODULE"] = argv[index + 1]


def _setup(argv: list[str] | None = None) -> None:
    _settings_option(argv or [])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        _fail(_("configuration error: {error}").format(error=error))
    except ImportError as error:
        _fail(
            _("cannot load the settings {name!r}: {error}").format(
                name=os.environ["DJANGO_SETTINGS_MODULE"], error=error
            )
        )
    from django.conf import settings
    from django.utils import translation

    language = terminal_language()  # what the commands print from Balint's code follows the terminal too
    translation.activate(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


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
        _fail(_("cannot reach the database at {where}: {reason}").format(where=where, reason=first_line))


def _management(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["balint", *argv])


def _served_address(host: str, port: int) -> str:
    """The address links should use when Balint serves on host:port (a wildcard bind means this machine)."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]", "[::]": "[::1]"}.get(host, host)  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve(argv: list[str]) -> None:
    """Migrate, collect static files, optionally load the demo, then run gunicorn and a task worker."""
    import argparse

    parser = argparse.ArgumentParser(prog="balint serve", description=_("Serve Balint with gunicorn."))
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    parser.add_argument("--workers", type=int, default=2, help=_("gunicorn worker processes (default 2)"))
    parser.add_argument(
        "--demo", action="store_true", help=_("load the demo program when the database is empty")
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help=_(
            "do not start a background-task worker beside the server (run `balint worker` yourself); "
            "the same as SERVE_WORKER=false"
        ),
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=60,
        help=_("seconds before gunicorn restarts a silent worker (default 60)"),
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        _fail(_("--workers must be at least 1"))
    # Survey and password links point at the address actually served unless SITE_URL says otherwise;
    # the environment carries it to gunicorn and to the task worker.
    if not os.environ.get("SITE_URL", "").strip():
        os.environ["SITE_URL"] = _served_address(args.host, args.port)
    _setup()
    _check_database()
    from django.conf import settings
    from django.core.management import call_command

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.demo:
        from balint.site.demo import demo_load, demo_logins, demo_needed

        if demo_needed():
            print(_("Loading the demo program (first start only)…"), flush=True)
            demo_load()
        print(demo_logins(), flush=True)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        _fail(_("gunicorn is not installed in this environment"))
    server = [
        gunicorn,
        "balint.config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--logger-class",  # one-time links, reset links and feed addresses stay out of the access log
        "balint.core.logs.AccessLogWithoutSecrets",
        "--graceful-timeout",
        "10",
        "--timeout",
        str(args.timeout),
    ]
    with_worker = settings.SERVE_WORKER and not args.no_worker and _tasks_need_a_worker()
    print(_("Balint is serving on {url}  (stop with Ctrl-C)").format(url=settings.SITE_URL), flush=True)
    if not with_worker:
        print(_("No background-task worker here: run `balint worker` for reports, imports and analysis."))
        sys.stdout.flush()
        os.execv(gunicorn, server)  # noqa: S606 - this process becomes gunicorn; fixed program and arguments
    print(_("Background tasks run in a worker started beside the server (turn off with --no-worker)."))
    sys.stdout.flush()
    raise SystemExit(_supervise(server, [sys.executable, "-m", "balint.config.cli", "worker"]))


def _tasks_need_a_worker() -> bool:
    """Only the database task backend needs a worker process (the immediate one runs tasks in the request)."""
    from django.conf import settings

    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _supervise(server: list[str], worker: list[str]) -> int:
    """Run the server and a task worker; restart the worker when it dies, stop both on Ctrl-C or SIGTERM.

    Returns the server's exit status. A worker that keeps dying at once is restarted at most every 30 s.
    """
    stopping: int | None = None

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = signum

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    http = subprocess.Popen(server)  # noqa: S603 - fixed program and arguments, no shell
    task_worker = subprocess.Popen(worker)  # noqa: S603
    started, delay = time.monotonic(), 1.0
    try:
        while stopping is None and http.poll() is None:
            if task_worker.poll() is not None:
                # A worker that keeps dying at once is restarted ever more slowly, up to every 30 s.
                delay = min(delay * 2, 30.0) if time.monotonic() - started < 10 else 1.0
                print(
                    "balint: "
                    + _("the task worker stopped (exit {code}); restarting it in {seconds:.0f} s").format(
                        code=task_worker.returncode, seconds=delay
                    ),
                    file=sys.stderr,
                    flush=True,
                )
                deadline = time.monotonic() + delay
                while stopping is None and time.monotonic() < deadline:
                    time.sleep(0.2)
                if stopping is not None:
                    break
                task_worker = subprocess.Popen(worker)  # noqa: S603
                started = time.monotonic()
            time.sleep(0.2)
    finally:
        if stopping == signal.SIGINT:
            # Ctrl-C in a terminal reached the whole process group: let each child finish on its own
            # (the worker completes its current task) before asking again.
            _wait_all([task_worker, http], timeout=15)
        for process in (task_worker, http):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (task_worker, http):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping is not None else (http.returncode or 0)


def _wait_all(processes: list[subprocess.Popen], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(process.poll() is None for process in processes):
        time.sleep(0.1)


def _check_migrated() -> None:
    """Exit with one clear line when the database still lacks migrations (e.g. a worker started first)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _fail(_("the database is not migrated yet: start `balint serve` or run `balint manage migrate`"))


def worker(argv: list[str]) -> None:
    """Run a background-task worker (django-tasks database backend)."""
    _setup(argv)
    _check_database()
    _check_migrated()
    _management(["db_worker", *argv])


def main() -> None:
    argv = sys.argv[1:]
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(
            _(
                "The `balint` command: serve, worker, demo, createadmin and every Balint management "
                "command. `balint serve` and `balint worker` are handled here; `balint manage ARGS` passes "
                "ARGS to Django's management commands; any other `balint NAME ARGS` runs the Balint "
                "management command NAME (for example `balint demo --force` or "
                "`balint export qdpx --program demo -o demo.qdpx`)."
            )
        )
        print(
            _(
                "Commands: serve, worker, demo, createadmin, manage, and the Balint commands "
                "listed by `balint list`."
            )
        )
        return
    command, rest = argv[0], argv[1:]
    if command == "screen":
        # Pure Python: no Django set-up, so screening a corpus does not pay the whole project's start-up.
        from balint.privacy.screening.command import main as screen_main

        raise SystemExit(screen_main(rest))
    if command == "serve":
        serve(rest)
    elif command == "worker":
        worker(rest)
    elif command == "manage":
        _setup(rest)
        _management(rest)
    elif command == "list":
        _setup()
        from balint.core.commands import balint_commands

        for name, help_text in balint_commands().items():
            print(f"{name:14} {help_text}")
    else:
        _setup(rest)
        from balint.core.commands import balint_commands

        if command not in balint_commands():
            _fail(_("unknown command {command!r}; `balint list` shows the commands").format(command=command))
        _check_database()
        if command in {"demo", "createadmin"}:
            _migrate()  # a fresh data folder works at once, as with `balint serve`
        _management(argv)


if __name__ == "__main__":
    main()
