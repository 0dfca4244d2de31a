"""Markdown for one run's outcome: steps, journeys, writes, faults, memory, statelessness."""

# ruff: noqa: E501 - markdown tables and SVG markup read best on one line each

from __future__ import annotations

from bench.load.harness import EXPECTED, WRITES, Outcome

TARGET_P95_MS = 150


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"  # NaN when a step had no answered request


def _machine(machine: dict) -> list[str]:
    """How fast the machine was and where its CPU went in the measured window: a run's latencies only
    compare with another's at a like calibration (a virtual machine's speed drifts by half within minutes)."""
    if not machine:
        return []
    line = (
        f"Machine: calibration loop {machine.get('calibration_before_ms', '?')} ms before and "
        f"{machine.get('calibration_after_ms', '?')} ms after the run (best of five of a fixed pure-Python loop; "
        "lower is faster)"
    )
    if "app_cpu_s" in machine:
        line += (
            f"; CPU over the {machine['window_s']:g} s measured window on {machine['cores']} cores: app processes "
            f"{machine['app_cpu_s']:g} s, PostgreSQL {machine['postgres_cpu_s']:g} s, the simulated people "
            f"(this harness) {machine['harness_cpu_s']:g} s"
        )
    return [line + ".", ""]


def markdown(outcome: Outcome) -> str:
    c = outcome.config
    people = c["residents"] + c["leaders"] + c["analysts"]
    lines = [
        f"### Load run: demo ×{c['scale']}, {c['workers']} app process(es), {people} simulated people",
        "",
        f"{c['residents']} residents, {c['leaders']} leaders, {c['analysts']} analysts; think time "
        f"{c['think'][0]:g}–{c['think'][1]:g} s; {outcome.wall:.0f} s of steady load after everyone signed in; "
        f"{outcome.requests} requests, {outcome.throughput:.1f} requests/s. Started {outcome.started}.",
        "",
        *_machine(outcome.machine),
        "| step | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | p95 < 150 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for name in EXPECTED:
        row = outcome.steps.get(name)
        if not row or "requests" not in row:
            continue
        target = "yes" if row["p95"] == row["p95"] and row["p95"] < TARGET_P95_MS else "**no**"
        errors = str(row["errors"]) + (f" ({', '.join(row['error_kinds'])})" if row["errors"] else "")
        lines.append(
            f"| {name}{' (write)' if name in WRITES else ''} | {row['requests']} | {errors} | {row['per_s']:.1f} | "
            f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {_ms(row['max'])} | "
            f"{target if name != 'sign in' else 'n/a'} |"
        )
    if outcome.warmup_steps:
        lines += [
            "",
            f"Warm-up before the measured window ({c.get('warmup', 0):g} s of the same load, not in the table above): "
            "each app process's first requests of a page compile its templates and load what it needs on first "
            "use (the screening's word lists, scikit-learn for the agreement figures).",
            "",
            "| step (warm-up) | requests | errors | p50 ms | p95 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, row in outcome.warmup_steps.items():
            lines.append(
                f"| {name} | {row['requests']} | {row['errors']} | {_ms(row['p50'])} | {_ms(row['p95'])} | "
                f"{_ms(row['max'])} |"
            )
    lines += [
        "",
        "| journey | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for role, row in outcome.journeys.items():
        lines.append(
            f"| {role} | {row['requests']} | {row['errors']} | {row['per_s']:.1f} | {_ms(row['p50'])} | "
            f"{_ms(row['p95'])} | {_ms(row['p99'])} |"
        )
    lines += [
        "",
        "Exactly-once check, counted in the database after the run:",
        "",
        "| write | acknowledged by the app | rows found | lost | duplicated | wrong value | outcome unknown (cut by a fault) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in outcome.writes.items():
        lines.append(
            f"| {kind} | {row['acknowledged']} | {row['rows']} | {row['lost']} | {row['duplicated']} | "
            f"{row['mismatched']} | {row['unknown_outcome']} |"
        )
    lines.append("")
    lines.append(
        "(Votes and attendance marks are one row per person and session, holding the last value sent; "
        "note saves (autosaves) are checked against each leader's own draft, the shared note and its "
        "conflicts left untouched, one row per leader; a write whose answer a fault cut "
        "off may be stored once or not at all, never twice.)"
    )
    if outcome.queries:
        lines += [
            "",
            "Each page rendered once more in-process after the run (queries are what must stay flat as data grows):",
            "",
            "| page | queries | ms | slowest query ms |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name, row in outcome.queries.items():
            lines.append(f"| {name} | {row['queries']} | {row['ms']:.0f} | {row['slowest_ms']:.0f} |")
    m = outcome.memory
    lines += [
        "",
        f"Memory of the gunicorn processes (master and workers, RSS): mean {m.get('rss_mib_mean', 0):.0f} MiB, "
        f"max {m.get('rss_mib_max', 0):.0f} MiB, {m.get('per_worker_mib', 0):.0f} MiB per worker at the end.",
    ]
    s = outcome.stateless
    if s:
        lines += [
            "",
            f"Shared state: sessions `{s['sessions']}`, messages `{s['messages']}`, cache `{s['cache']}`, "
            f"sign-in throttling `{s['sign_in_throttling']}`, tasks `{s['tasks']}`: "
            f"{'nothing lives in one process' if s['shared'] else '**per-process state found**'}.",
        ]
        if "lockout_across_processes" in s:
            probe = s["lockout_across_processes"]
            lines.append(
                f"Six wrong passwords for one name over {c['workers']} processes answered {probe['statuses']}: "
                f"the lock-out {'holds across processes' if probe['held'] else '**did not hold**'}."
            )
    f = outcome.faults
    if "app_kill" in f or "database_outage" in f or "task_kill" in f:
        lines += ["", "Faults:", ""]
        kill = f.get("app_kill", {})
        if kill.get("done"):
            cut = sum(row.get("failed_during_faults", 0) for row in outcome.steps.values())
            lines.append(
                f"- **App process killed mid-request**: SIGKILL to gunicorn worker {kill['pid']} while it held a "
                f"client connection; gunicorn replaced it in {kill['replaced_after_s']} s. Requests that failed "
                f"inside the fault windows: {cut} (their writes are in the 'outcome unknown' column above)."
            )
        elif kill:
            lines.append(f"- App process kill not done: {kill.get('why')}")
        outage = f.get("database_outage")
        if outage:
            lines.append(
                f"- **Database outage** ({outage['kind']}, {outage['seconds']:g} s): a signed-in page polled "
                f"meanwhile answered {outage['probe_statuses']}; "
                f"{'every failure was the 503 page saying the database is unreachable' if outage['clear_503_page'] else '**some failures were not the clear 503 page**'}; "
                f"the app answered 200 again {outage['recovered_after_s']} s after the database came back, "
                "without a restart."
            )
        task = f.get("task_kill", {})
        if task.get("done"):
            after, nxt = task["after"], task["next_job"]
            lines.append(
                f"- **Task worker killed mid-job**: SIGKILL while the report job was "
                f"{task['killed_while']['status']} at {task['killed_while']['progress']} %; after the stale "
                f"limit its page {'shows it failed' if task['page_says_failed'] else '**does not show it failed**'} "
                f"(status `{after['status']}`, {after['output_bytes']} bytes of output kept: nothing partial). "
                f"A new worker then built the next report: `{nxt['status']}`, {nxt['output_bytes']} bytes in "
                f"{nxt['seconds']} s."
            )
        elif task:
            lines.append(f"- Task worker kill not done: {task.get('why')}")
    lines += [
        "",
        f"**Run {'passed' if outcome.ok else 'FAILED'}** (no errors outside fault windows, every write exactly once"
        f"{', every fault handled' if c['faults'] else ''}).",
    ]
    return "\n".join(lines)
