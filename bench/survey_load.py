"""200 residents answer one survey at once on PostgreSQL, through several gunicorn processes.

Creates a fresh database, loads one group of N residents and an open pulse survey, starts
`balint serve --workers W` on a free loopback port, then every resident opens their one-time link
and submits from two tabs at the same moment. Afterwards it checks that every resident's answer is
stored exactly once, prints throughput and latency as a markdown table, stops the server and drops
the database. Bounded: N residents, W workers, and a deadline for the whole run.

    .venv/bin/python bench/survey_load.py [--residents 200] [--workers 4] [--tabs 2] [--deadline 600]
"""

# ruff: noqa: S310, S603 - a local harness: fixed commands and loopback URLs only

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _setup(residents: int) -> None:
    """In a child process with the bench environment: one program, one group, an open survey; print tokens."""
    import datetime

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.base")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from balint.programs.models import Group, Membership, Person, Program, Role
    from balint.surveys import services
    from balint.surveys.models import Instrument, Invitation

    program = Program.objects.create(name="Load program", slug="load", institution="Bench")
    user_model = get_user_model()
    users = [user_model(username=f"r{i}", email=f"r{i}@bench.example") for i in range(residents)]
    for user in users:
        user.set_unusable_password()
    user_model.objects.bulk_create(users)
    users = list(user_model.objects.filter(username__startswith="r").order_by("id"))
    people = Person.objects.bulk_create(
        [Person(user=u, full_name=f"Resident {u.username}", email=u.email) for u in users]
    )
    Membership.objects.bulk_create(
        [Membership(program=program, person=p, role=Role.RESIDENT) for p in people]
    )
    group = Group.objects.create(program=program, name="Load group")
    group.members.add(*people)
    instrument = services.instrument_create_ready_made(program=program, kind=Instrument.Kind.PULSE)
    now = timezone.now()
    survey = services.survey_open(
        group=group,
        instrument=instrument,
        title="Load pulse",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=2),
        min_answers=5,
        notify=False,
    )
    tokens = [services.invitation_token(i) for i in Invitation.objects.filter(survey=survey).order_by("id")]
    questions = [{"code": str(q.code), "kind": q.kind} for q in instrument.questions.all()]
    print(json.dumps({"tokens": tokens, "questions": questions}))


def _verify(expected_markers: list[str]) -> dict:
    """In a child process: count stored rows; every marker must appear in exactly one open answer."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.base")
    django.setup()
    from collections import Counter

    from balint.surveys.models import Answer, Invitation, Response

    texts = Counter(Answer.objects.filter(question__kind="open").values_list("text", flat=True))
    report = {
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "answered_invitations": Invitation.objects.filter(answered=True).count(),
        "markers_once": sum(1 for m in expected_markers if texts.get(m) == 1),
        "markers_missing": sum(1 for m in expected_markers if m not in texts),
        "markers_repeated": sum(1 for m in expected_markers if texts.get(m, 0) > 1),
    }
    print(json.dumps(report))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _child(env: dict, *args: str, timeout: float) -> str:
    result = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench child {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


def _resident(
    base: str,
    token: str,
    questions: list[dict],
    marker: str,
    tabs: int,
    start: threading.Event,
    results: list,
    lock: threading.Lock,
) -> None:
    """Open the link in each tab, wait for the start signal, then submit from every tab at once."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base}/s/{token}/"
    forms = []
    for _ in range(tabs):
        html = opener.open(url, timeout=60).read().decode()
        forms.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    data = {}
    for question in questions:
        key = f"q_{question['code']}"
        data[key] = marker if question["kind"] == "open" else "4"
    # Submissions share the tabs' cookies (CSRF) but do not follow the redirect to the thank-you page.
    poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(_jar(opener)), _NoRedirect())
    start.wait()

    def submit(csrf: str) -> None:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(url, data=body, method="POST")
        began = time.perf_counter()
        try:
            status = poster.open(request, timeout=120).status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:  # connection refused or reset: counted as an error
            status = f"error: {error}"
        with lock:
            results.append((status, time.perf_counter() - began))

    threads = [threading.Thread(target=submit, args=(csrf,)) for csrf in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _jar(opener) -> CookieJar:
    for handler in opener.handlers:
        if isinstance(handler, urllib.request.HTTPCookieProcessor):
            return handler.cookiejar
    raise RuntimeError("no cookie jar")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--tabs", type=int, default=2, help="simultaneous submissions per resident (default 2)"
    )
    parser.add_argument("--deadline", type=float, default=600, help="seconds for the whole run")
    args = parser.parse_args()
    if not (1 <= args.residents <= 1000 and 1 <= args.workers <= 16 and 1 <= args.tabs <= 4):
        raise SystemExit("residents 1..1000, workers 1..16, tabs 1..4")
    started = time.monotonic()
    name = f"balint_surveybench_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="balint-surveybench-")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "BALINT_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "balint.config.settings.base",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    _psql(f'CREATE DATABASE "{name}"')
    server = None
    try:
        subprocess.run([str(BIN / "balint"), "manage", "migrate", "-v0"], env=env, check=True, timeout=180)
        setup = json.loads(_child(env, "--setup", str(args.residents), timeout=120))
        server = subprocess.Popen(
            [
                str(BIN / "balint"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        while True:
            if time.monotonic() - started > 120:
                raise SystemExit("the server did not answer /healthz within two minutes")
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        results: list = []
        lock, go = threading.Lock(), threading.Event()
        markers = [f"load marker {i:04d}: hearing the others helped" for i in range(args.residents)]
        residents = [
            threading.Thread(
                target=_resident,
                args=(base, token, setup["questions"], marker, args.tabs, go, results, lock),
                daemon=True,
            )
            for token, marker in zip(setup["tokens"], markers, strict=True)
        ]
        for thread in residents:
            thread.start()
        time.sleep(2.0 + args.residents * args.tabs * 0.005)  # every tab has loaded its form
        began = time.perf_counter()
        go.set()
        remaining = args.deadline - (time.monotonic() - started)
        for thread in residents:
            thread.join(timeout=max(1.0, remaining))
        wall = time.perf_counter() - began
        if any(thread.is_alive() for thread in residents):
            raise SystemExit(f"deadline of {args.deadline:.0f} s reached with submissions still running")
        report = json.loads(_child(env, "--verify", json.dumps(markers), timeout=120))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stored = [t for s, t in results if s == 302]
    refused = [t for s, t in results if s == 410]
    other = [s for s, _ in results if s not in (302, 410)]
    latencies = sorted(t for _, t in results)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")

    ok = (
        report["responses"] == args.residents == report["answered_invitations"] == report["markers_once"]
        and len(stored) == args.residents
        and not other
    )
    print(f"### Survey load: {args.residents} residents × {args.tabs} tabs, {args.workers} gunicorn workers")
    print()
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| submissions sent at once | {len(results)} |")
    counts = f"{len(stored)} / {len(refused)} / {len(other)}"
    print(f"| stored (302) / refused as already answered (410) / other | {counts} |")
    print(f"| wall time for all submissions | {wall:.2f} s |")
    print(f"| throughput | {len(results) / wall:.1f} submissions/s ({len(stored) / wall:.1f} stored/s) |")
    print(
        f"| latency p50 / p95 / max | {pct(latencies, 0.5):.0f} / {pct(latencies, 0.95):.0f} / "
        f"{latencies[-1] * 1000 if latencies else 0:.0f} ms |"
    )
    print(
        f"| responses / answers / answered invitations in the database | {report['responses']} / "
        f"{report['answers']} / {report['answered_invitations']} |"
    )
    print(
        f"| residents whose answer is stored exactly once | {report['markers_once']} "
        f"(missing {report['markers_missing']}, repeated {report['markers_repeated']}) |"
    )
    print()
    verdict = "yes" if ok else "NO"
    print(f"Every answer stored exactly once: {verdict}. Whole run {time.monotonic() - started:.0f} s.")
    if other:
        print(f"Unexpected statuses: {sorted({str(s) for s in other})[:5]}")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        _setup(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--verify":
        _verify(json.loads(sys.argv[2]))
    else:
        main()
