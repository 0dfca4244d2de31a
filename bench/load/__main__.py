"""`python -m bench.load`: one load run against PostgreSQL; prints markdown, optionally saves JSON.

.venv/bin/python -m bench.load --scale 1 --workers 2 --users 200 --duration 60 --faults
.venv/bin/python -m bench.load curves        # 1, 2, 4 processes × demo 1×, 10×, 100× (long)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import sys

from bench.load.harness import RunConfig, run
from bench.load.report import markdown


def split(users: int) -> tuple[int, int, int]:
    """Seven residents, two leaders and one analyst in every ten simulated people."""
    leaders = max(1, round(users * 0.2))
    analysts = max(1, round(users * 0.1))
    return max(1, users - leaders - analysts), leaders, analysts


def _stop_cleanly() -> None:
    """Ctrl-C or SIGTERM still stops the servers and drops the database (the run's `finally`)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _stop_cleanly()
    if argv and argv[0] == "curves":
        from bench.load.curves import main as curves

        return curves(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="demo scale: groups of eleven residents")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--users", type=int, default=200, help="simulated people at once (at most 200)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of steady load")
    parser.add_argument(
        "--warmup",
        type=float,
        default=0,
        help="seconds of the same load before the measured window, reported apart (first uses per process)",
    )
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--faults", action="store_true", help="kill an app process, cut the database, kill a task"
    )
    parser.add_argument(
        "--pg-restart", action="store_true", help="restart the PostgreSQL cluster for the outage"
    )
    parser.add_argument("--template", default="", help="clone this database instead of loading the demo")
    parser.add_argument(
        "--deadline", type=float, default=1800, help="hard limit in seconds for the whole run"
    )
    parser.add_argument("--json", default="", help="also write the outcome as JSON to this file")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 200 and 1 <= args.workers <= 8 and 1 <= args.scale <= 200):
        parser.error("users 1..200, workers 1..8, scale 1..200")
    if not (5 <= args.duration <= 900):
        parser.error("duration 5..900 seconds")
    residents, leaders, analysts = split(args.users)
    config = RunConfig(
        scale=args.scale,
        workers=args.workers,
        residents=residents,
        leaders=leaders,
        analysts=analysts,
        duration=args.duration,
        warmup=args.warmup,
        think=tuple(args.think),
        faults=args.faults,
        pg_restart=args.pg_restart,
        template=args.template,
        deadline=args.deadline,
    )
    outcome = run(config)
    print(markdown(outcome), flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(dataclasses.asdict(outcome), handle, indent=1, default=str)
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
