"""Time and peak memory of the REFI-QDA export and import at 1,000 sources with 20,000 codings.

Builds the project in a fresh test database (SQLite by default, DATABASE_URL for PostgreSQL), exports it
as .qdpx, imports that file into an empty program (dry run = the preview, then the commit), and prints
wall and CPU time (CPU time is the fair figure on a shared machine), then, in a second pass under
tracemalloc, Python peak memory and the resident size before each step and its peak during it (VmHWM
reset first, freed heap handed back), and the export once more in a process of its own, as the task
worker runs it: its resident size after start-up and its peak after the export.

Then the codings table as the exchange page streams it (CSV and XLSX): time, bytes, and the Python peak
while the whole file is read through (tracemalloc), which must stay flat however many codings there are.

Usage: .venv/bin/python bench/exchange_bench.py [--sources 1000] [--codings 20000] [--small]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench._corpus import WORDS  # noqa: E402


def timed(label: str, fn):
    """Wall and CPU time of one call, without tracemalloc (which slows pure-Python work several-fold)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:32} {elapsed:8.2f} s wall {used:8.2f} s CPU   load {os.getloadavg()[0]:5.1f}")
    return result


def _status_mib(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Start the process's peak resident size (VmHWM) afresh, so a step's own peak is read (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def traced(label: str, fn):
    """Python peak memory (tracemalloc), and the process's resident size before the call and its peak
    during it (VmHWM reset first): the growth is what the step itself costs, apart from the data build."""
    gc.collect()
    # Hand freed heap back to the system, so memory an earlier step freed is not counted as free here.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    own_peak = _reset_peak()
    before = _status_mib("VmRSS")
    tracemalloc.start()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    high = _status_mib("VmHWM") if own_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:32} peak Python {peak / 2**20:7.1f} MB   RSS before {before:6.1f} MiB, "
        f"{'peak during' if own_peak else 'process max'} {high:6.1f} MiB (+{high - before:.1f})"
    )
    return result


def build(program, person, sources: int, codings: int, rng: random.Random) -> None:
    from balint.coding.models import Coding, Source, Theme

    themes = [Theme.objects.create(program=program, name=f"Theme {i}", position=i) for i in range(40)]
    for child in themes[20:]:
        child.parent = themes[rng.randrange(20)]
        child.save()
    rows = []
    for i in range(sources):
        text = " ".join(rng.choice(WORDS) for _ in range(400))
        rows.append(
            Source(program=program, kind="document", title=f"Source {i:04d}", text=text, deidentified=True)
        )
    Source.objects.bulk_create(rows, batch_size=500)
    made = list(Source.objects.filter(program=program))
    batch, seen = [], set()
    while len(batch) < codings:
        source = rng.choice(made)
        start = rng.randrange(0, len(source.text) - 60)
        end = start + rng.randrange(10, 60)
        theme = rng.choice(themes)
        if (source.pk, theme.pk, start, end) in seen or not source.text[start:end].strip():
            continue
        seen.add((source.pk, theme.pk, start, end))
        batch.append(
            Coding(
                source=source, theme=theme, coder=person, start=start, end=end, quote=source.text[start:end]
            )
        )
    Coding.objects.bulk_create(batch, batch_size=2000)


def export_child(slug: str) -> None:
    """In a process of its own (as the task worker runs it): the resident size after start-up and the
    URL configuration, then the .qdpx export's time and the process's peak resident size."""
    import balint.config.urls  # noqa: F401 - what a server or worker process has loaded
    from balint.exchange import qda
    from balint.programs.models import Program

    program = Program.objects.get(slug=slug)
    start = _status_mib("VmHWM")
    started, cpu = time.perf_counter(), time.process_time()
    data = qda.qdpx_export(program=program, scope=qda.export_scope(program))
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{'export .qdpx, own process':32} {elapsed:8.2f} s wall {used:8.2f} s CPU   "
        f"{len(data) / 2**20:.1f} MB file; process peak {start:.1f} MiB after start-up, "
        f"{_status_mib('VmHWM'):.1f} MiB after the export"
    )


def _database_url() -> str:
    """The URL of the test database, for a child process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export-child", metavar="SLUG", help=argparse.SUPPRESS)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=20000)
    parser.add_argument("--small", action="store_true", help="200 sources, 4,000 codings (make bench)")
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child)
        return
    if args.small:
        args.sources, args.codings = 200, 4000
    setup_test_environment()
    folder = tempfile.mkdtemp(prefix="exchange-bench-")
    if connection.vendor == "sqlite":  # a file, so that a process of its own can read it
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from balint.exchange import qda
        from balint.programs.models import Program, Role
        from balint.programs.services import person_create

        program = Program.objects.create(name="Bench", slug="bench", institution="Bench")
        person = person_create(
            program=program,
            full_name="Bench Leader",
            email="b@example.org",
            username="bench",
            role=Role.LEADER,
            password="x" * 12,
        )
        started = time.perf_counter()
        build(program, person, args.sources, args.codings, random.Random(7))
        print(
            f"{connection.vendor}: built {args.sources} sources, {args.codings} codings "
            f"in {time.perf_counter() - started:.1f} s"
        )
        export = lambda: qda.qdpx_export(program=program, scope=qda.export_scope(program))  # noqa: E731
        data = timed("export .qdpx", export)
        print(f"{'':32} {len(data) / 2**20:8.1f} MB file")
        first = Program.objects.create(name="Target", slug="target", institution="Bench")
        timed(
            "import preview (dry run)",
            lambda: qda.refi_import(program=first, data=data, file_format="qdpx", dry_run=True),
        )
        summary = timed(
            "import commit", lambda: qda.refi_import(program=first, data=data, file_format="qdpx")
        )
        print(f"{'':32} {summary.line()}")
        # Memory in a second pass: tracemalloc would distort the times above.
        second = Program.objects.create(name="Target 2", slug="target-2", institution="Bench")
        traced("export .qdpx", export)
        subprocess.run(  # noqa: S603 - this script, with the test database's address
            [sys.executable, __file__, "--export-child", program.slug],
            env={**os.environ, "DATABASE_URL": _database_url()},
            check=True,
        )
        traced(
            "import preview (dry run)",
            lambda: qda.refi_import(program=second, data=data, file_format="qdpx", dry_run=True),
        )
        traced("import commit", lambda: qda.refi_import(program=second, data=data, file_format="qdpx"))
        from balint.exchange.services import table_export

        for extension in ("csv", "xlsx"):

            def streamed(extension: str = extension) -> int:
                file = table_export(
                    program=program, roles=None, key="codings", extension=extension, stream=True
                )
                return sum(len(chunk) for chunk in file.chunks)

            size = timed(f"codings table .{extension} (streamed)", streamed)
            print(f"{'':32} {size / 2**20:8.1f} MB file")
            traced(f"codings table .{extension} (streamed)", streamed)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
