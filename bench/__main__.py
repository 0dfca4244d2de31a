"""`make bench`: the load harness at a small size, then every other bench/*.py in its small mode.

Each script runs in its own process with a time limit. A script that has a `--small` option runs
with it; one without is skipped and named, so a long full-size run never starts by surprise.
The load harness's full runs (200 people, scaling curves, faults) are `python -m bench.load --help`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
LIMIT_SECONDS = 420
# Scripts that need longer at their small size (the Taguette comparison runs two servers twice).
LIMITS = {"taguette_compare.py": 1800}


def run(title: str, command: list[str], limit: float) -> tuple[str, str, float]:
    print(f"\n## {title}\n", flush=True)
    began = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, timeout=limit, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return title, f"stopped after {limit:.0f} s", time.monotonic() - began
    return (
        title,
        "ok" if result.returncode == 0 else f"failed (exit {result.returncode})",
        time.monotonic() - began,
    )


def main() -> int:
    python = sys.executable
    summary = [
        run(
            "Load harness (demo ×1, 2 app processes, 20 people, 20 s, faults)",
            [
                python,
                "-m",
                "bench.load",
                "--scale",
                "1",
                "--workers",
                "2",
                "--users",
                "20",
                "--duration",
                "20",
                "--think",
                "1",
                "3",
                "--faults",
                "--deadline",
                "600",
            ],
            660,
        )
    ]
    skipped = []
    for script in sorted(BENCH.glob("*.py")):
        if script.name.startswith("_"):
            continue
        if "--small" not in script.read_text(encoding="utf-8"):
            skipped.append(script.name)
            continue
        summary.append(
            run(
                f"{script.name} --small",
                [python, str(script), "--small"],
                LIMITS.get(script.name, LIMIT_SECONDS),
            )
        )
    print("\n## Summary\n")
    for title, status, seconds in summary:
        print(f"- {title}: {status} ({seconds:.0f} s)")
    for name in skipped:
        print(f"- {name}: skipped, it has no --small option (run it by hand for its full size)")
    return 0 if all(status == "ok" for _, status, _ in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
