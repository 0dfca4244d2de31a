"""Scaling curves: the same load with 1, 2 and 4 app processes on the demo at 1×, 10× and 100×.

Each data size is loaded once into a template database (`balint demo --scale N`); every run clones
it into a fresh database, so runs do not see each other's writes. Writes results.json, the tables
(curves.md) and the plot (curves.svg) into bench/load/results/.

    .venv/bin/python -m bench.load curves [--scales 1 10 100] [--workers 1 2 4] [--users 200] [--duration 45]
"""

# ruff: noqa: E501, S603, S608 - markdown tables on one line; fixed commands and our own database names

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from bench.load.harness import RunConfig, log, psql, run
from bench.load.plot import svg
from bench.load.report import TARGET_P95_MS

RESULTS = Path(__file__).resolve().parent / "results"
PAGES = [
    "resident: home",
    "resident: session page",
    "resident: survey page",
    "leader: home",
    "leader: home card",
    "leader: attendance page",
    "leader: notes page",
    "leader: coding page",
    "analyst: home",
    "analyst: theme timeline",
    "analyst: agreement",
]


def template_for(scale: int) -> str:
    """The template database holding the demo at this scale, built when missing."""
    import subprocess
    import tempfile

    from bench.load.harness import BIN, bench_env, create_database

    name = f"balint_load_tpl_{scale}"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        # A template made before the latest migrations is brought up to date before it is cloned.
        env = bench_env(name, tempfile.mkdtemp(prefix="balint-load-tpl-"), 8000)
        subprocess.run([str(BIN / "balint"), "manage", "migrate", "-v0"], env=env, check=True, timeout=1800)
        return name
    log(f"building template {name} (demo at scale {scale}; minutes at 100×)")
    env = bench_env(name, tempfile.mkdtemp(prefix="balint-load-tpl-"), 8000)
    try:
        create_database(name, scale=scale, template="", env=env)
    except BaseException:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    return name


def table(results: list[dict]) -> str:
    lines = [
        "| data | app processes | req/s | p50 ms | p95 ms | p99 ms | errors | slowest page by p95 | writes exactly once | RSS MiB (all processes, max) | MiB per worker |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | :---: | ---: | ---: |",
    ]
    for r in sorted(results, key=lambda r: (r["config"]["scale"], r["config"]["workers"])):
        pages = {k: v for k, v in r["steps"].items() if k in PAGES and "p95" in v}
        every = [v for k, v in r["steps"].items() if k != "sign in" and "p95" in v]
        worst = max(pages.items(), key=lambda kv: kv[1]["p95"], default=("–", {"p95": float("nan")}))
        writes_ok = all(
            w["lost"] == 0 and w["duplicated"] == 0 and w["mismatched"] == 0 for w in r["writes"].values()
        )
        journeys = r["journeys"].values()
        p50 = max((j["p50"] for j in journeys), default=float("nan"))
        p95 = max((j["p95"] for j in journeys), default=float("nan"))
        p99 = max((j["p99"] for j in journeys), default=float("nan"))
        lines.append(
            f"| {r['config']['scale']}× | {r['config']['workers']} | {r['throughput']:.1f} | {p50:.0f} | {p95:.0f} | "
            f"{p99:.0f} | {sum(v['errors'] for v in every)} | {worst[0]} ({worst[1]['p95']:.0f} ms) | "
            f"{'yes' if writes_ok else '**no**'} | {r['memory']['rss_mib_max']:.0f} | {r['memory']['per_worker_mib']:.0f} |"
        )
    return "\n".join(lines)


def page_table(results: list[dict], workers: int) -> str:
    """p95 per page at each data size, for one process count: where the time goes as data grows."""
    chosen = sorted(
        (r for r in results if r["config"]["workers"] == workers), key=lambda r: r["config"]["scale"]
    )
    head = (
        "| page | "
        + " | ".join(f"{r['config']['scale']}× p95 ms" for r in chosen)
        + " | under 150 ms at the largest |"
    )
    lines = [head, "| --- |" + " ---: |" * len(chosen) + " :---: |"]
    for page in PAGES:
        values = [r["steps"].get(page, {}).get("p95", float("nan")) for r in chosen]
        last = values[-1] if values else float("nan")
        lines.append(
            f"| {page} | "
            + " | ".join(f"{v:.0f}" for v in values)
            + f" | {'yes' if last < TARGET_P95_MS else '**no**'} |"
        )
    queries = [r.get("queries", {}) for r in chosen]
    if any(queries):
        lines += ["", "Queries per page, and its time alone, rendered once in-process after the run:", ""]
        lines.append("| page | " + " | ".join(f"{r['config']['scale']}× queries" for r in chosen) + " |")
        lines.append("| --- |" + " ---: |" * len(chosen))
        for page in queries[-1]:
            cells = [f"{q[page]['queries']} ({q[page]['ms']:.0f} ms)" if page in q else "–" for q in queries]
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load curves", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=45)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0))
    parser.add_argument(
        "--points",
        nargs="+",
        default=[],
        metavar="SCALE:WORKERS",
        help="run only these points, e.g. 100:1 1:2",
    )
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument(
        "--render", nargs="+", default=[], metavar="JSON", help="only render these results files"
    )
    args = parser.parse_args(argv)
    from bench.load.__main__ import split

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    residents, leaders, analysts = split(args.users)
    results = []
    began = time.monotonic()
    points = [tuple(int(x) for x in p.split(":")) for p in args.points] or [
        (scale, workers) for scale in args.scales for workers in args.workers
    ]
    for path in args.render:
        results += json.loads(Path(path).read_text())
    if args.render:
        points = sorted({(r["config"]["scale"], r["config"]["workers"]) for r in results})
    for scale, workers in [] if args.render else points:
        template = template_for(scale)
        config = RunConfig(
            scale=scale,
            workers=workers,
            residents=residents,
            leaders=leaders,
            analysts=analysts,
            duration=args.duration,
            think=tuple(args.think),
            template=template,
        )
        log(f"curve point: scale {scale}, {workers} process(es)")
        outcome = dataclasses.asdict(run(config))
        results.append(outcome)
        (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if results:
        first = results[0]["config"]
        args.users = first["residents"] + first["leaders"] + first["analysts"]
        residents, leaders, analysts = first["residents"], first["leaders"], first["analysts"]
        args.think, args.duration = first["think"], first["duration"]
    text = [
        f"Runs: {len(results)}, {time.monotonic() - began:.0f} s in all; {args.users} simulated people "
        f"({residents} residents, {leaders} leaders, {analysts} analysts), think time {args.think[0]:g}–{args.think[1]:g} s, "
        f"{args.duration:g} s of steady load per run.",
        "",
        table(results),
    ]
    for workers in sorted({w for _, w in points}):
        text += ["", f"p95 per page, {workers} app process(es):", "", page_table(results, workers)]
    (out / "curves.md").write_text("\n".join(text) + "\n")
    (out / "curves.svg").write_text(svg(results))
    print("\n".join(text))
    return 0
