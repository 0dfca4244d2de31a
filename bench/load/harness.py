"""One load run: fresh PostgreSQL database, demo at scale N, `balint serve --workers K`, `balint worker`,
simulated residents, leaders and analysts, optional faults, the exactly-once check, then clean-up.

Loopback only; bounded by the number of simulated people, the run's duration and a hard deadline.
"""

# ruff: noqa: S603, S607, S608 - a local harness: fixed commands, loopback addresses, our own database names

from __future__ import annotations

import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.load.client import Browser, Reply

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "balint-demo"
HOST = "127.0.0.1"
STALE_SECONDS = 15  # JOB_STALE_SECONDS for the runs: a killed report job shows as failed this soon
# One encryption key for every database the harness makes: a run cloned from a template
# (`balint_load_tpl_N`) reads the encrypted fields the template's demo wrote. Bench data only.
ENCRYPTION_KEY = "YmFsaW50LWxvYWQtaGFybmVzcy1vbmx5LWtleS0zMmI="

# Status codes each step must answer with; anything else (or no answer) is an error.
EXPECTED = {
    "sign in": {302},
    "resident: home": {200},
    "resident: session page": {200},
    "resident: vote": {302},
    "resident: survey page": {200},
    "resident: survey answer": {302},
    "leader: home": {200},
    "leader: home card": {200},
    "leader: attendance page": {200},
    "leader: attendance mark": {200},
    "leader: notes page": {200},
    "leader: notes autosave": {200},
    "leader: coding page": {200},
    "leader: coding": {201},
    "analyst: home": {200},
    "analyst: theme timeline": {200},
    "analyst: agreement": {200},
}
WRITES = {
    "resident: vote",
    "resident: survey answer",
    "leader: attendance mark",
    "leader: notes autosave",
    "leader: coding",
}


@dataclass
class RunConfig:
    scale: int = 1
    workers: int = 2
    residents: int = 140
    leaders: int = 40
    analysts: int = 20
    duration: float = 60.0  # seconds of steady load after everyone signed in (and after the warm-up)
    # Seconds of the same load before the measured window: each app process's first requests of a page
    # (templates compiled, word lists and libraries loaded on first use) are reported apart, not in p95.
    warmup: float = 0.0
    think: tuple[float, float] = (2.0, 8.0)  # seconds between two clicks of one person
    faults: bool = False
    outage_seconds: float = 6.0
    pg_restart: bool = False  # restart the whole cluster instead of cutting this database off
    template: str = ""  # clone this database instead of loading the demo again
    deadline: float = 1800.0
    seed: int = 11
    label: str = ""


@dataclass
class Sample:
    step: str
    status: int | str
    seconds: float
    at: float


@dataclass
class Outcome:
    config: dict
    started: str
    steps: dict = field(default_factory=dict)
    journeys: dict = field(default_factory=dict)
    writes: dict = field(default_factory=dict)
    faults: dict = field(default_factory=dict)
    memory: dict = field(default_factory=dict)
    stateless: dict = field(default_factory=dict)
    queries: dict = field(default_factory=dict)
    warmup_steps: dict = field(default_factory=dict)
    machine: dict = field(default_factory=dict)  # calibration and CPU seconds over the measured window
    wall: float = 0.0
    requests: int = 0
    throughput: float = 0.0
    ok: bool = False


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- processes and database -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def psql(sql: str, database: str = "postgres") -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def bench_env(database: str, data_dir: str, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "BALINT_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "balint.config.settings.base",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "JOB_STALE_SECONDS": str(STALE_SECONDS),
        "SECRET_KEY": "load-harness-only-" + "x" * 40,
        "BALINT_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def child(env: dict, *args: str, timeout: float) -> object:
    """Run bench.load.django_side with the bench environment and return its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.load.django_side", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    raise RuntimeError(f"django_side {args[0]} failed:\n{result.stderr[-4000:]}")


def create_database(name: str, *, scale: int, template: str, env: dict) -> float:
    """A fresh database holding the demo at this scale; returns the seconds it took."""
    began = time.perf_counter()
    if template:
        psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        psql(f'CREATE DATABASE "{name}"')
        subprocess.run([str(BIN / "balint"), "manage", "migrate", "-v0"], env=env, check=True, timeout=600)
        subprocess.run(
            [str(BIN / "balint"), "demo", "--scale", str(scale)],
            env=env,
            check=True,
            timeout=1800,
            stdout=subprocess.DEVNULL,
        )
    return time.perf_counter() - began


def drop_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "balint"),
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--timeout",
            "180",
            # The harness runs (and kills, for the fault) its own task worker; without this, serve
            # supervises one and gunicorn is its child, not this process.
            "--no-worker",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(env["BALINT_DATA_DIR"]) / "server.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    began = time.monotonic()
    while True:
        if server.poll() is not None:
            raise RuntimeError(
                f"balint serve exited with {server.returncode}; see {env['BALINT_DATA_DIR']}/server.log"
            )
        if time.monotonic() - began > 300:
            raise RuntimeError("the server did not answer /healthz within five minutes")
        if (
            Browser(HOST, port, timeout=5).get("/healthz").status == 200
            and len(gunicorn_workers(server.pid)) >= workers
        ):
            return server
        time.sleep(0.3)


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "balint"), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(env["BALINT_DATA_DIR"]) / "worker.log", "a"),
        start_new_session=True,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def gunicorn_workers(master: int) -> list[int]:
    """PIDs whose parent is the gunicorn master."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry))
    return sorted(pids)


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """User plus system CPU seconds each of these processes has used so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (the cluster may serve other work too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


class CpuWindow:
    """CPU seconds of the app processes, the PostgreSQL cluster and this harness (the simulated people's
    threads) over the measured window. Processes come and go (a database connection lives a minute, a
    killed worker is replaced), so each is sampled every half second and counted from its first sample
    in the window (or from 0 when it started in it) to its last."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.first: dict[str, dict[int, float]] = {}
        self.last: dict[str, dict[int, float]] = {"app": {}, "postgres": {}}
        self.began = self.harness = 0.0

    def _read(self) -> dict[str, dict[int, float]]:
        return {
            "app": cpu_by_process([self.master, *gunicorn_workers(self.master)]),
            "postgres": cpu_by_process(postgres_pids()),
        }

    def start(self) -> None:
        self.first = self._read()
        self.began, self.harness = time.monotonic(), time.process_time()

    def sample(self) -> None:
        for part, seen in self._read().items():
            self.last[part].update(seen)

    def result(self) -> dict[str, float]:
        self.sample()
        totals = {
            f"{part}_cpu_s": round(
                sum(cpu - self.first[part].get(pid, 0.0) for pid, cpu in self.last[part].items()), 1
            )
            for part in self.last
        }
        totals["harness_cpu_s"] = round(time.process_time() - self.harness, 1)
        totals["window_s"] = round(time.monotonic() - self.began, 1)
        return totals


def calibration_ms() -> float:
    """Best of five runs of a fixed pure-Python loop, in ms: how fast this machine is right now (a
    virtual machine's speed drifts; lower is faster). Run while nothing else of the harness runs."""
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number % 7
        best = min(best, time.perf_counter() - began)
    return round(best * 1000, 1)


def busy_worker(master: int, port: int) -> int | None:
    """A gunicorn worker holding an accepted client connection right now, that is, mid-request."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local_port = int(parts[1].rsplit(":", 1)[1], 16)
            if local_port == port and parts[3] == "01":  # ESTABLISHED on the server side
                established.add(parts[9])
    for pid in gunicorn_workers(master):
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in established for link in links):
            return pid
    return None


# --- simulated people -------------------------------------------------------------------------------


class Recorder:
    def __init__(self, origin: float) -> None:
        self.origin = origin
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.ledger: dict[str, list] = {
            "votes": [],
            "answers": [],
            "attendance": [],
            "notes": [],
            "codings": [],
        }
        self.note_seen: set[str] = set()
        self.seq = 0

    def add(self, step: str, reply: Reply) -> None:
        with self.lock:
            self.samples.append(Sample(step, reply.status, reply.seconds, time.monotonic() - self.origin))

    def write(self, kind: str, row: list) -> None:
        with self.lock:
            self.seq += 1
            self.ledger[kind].append([*row, self.seq] if kind == "attendance" else row)


def outcome_of(reply: Reply, ok: set[int]) -> str:
    """ok: acknowledged; refused: a clear 4xx (nothing written); unknown: no answer or a server error."""
    if reply.status in ok:
        return "ok"
    if isinstance(reply.status, int) and 400 <= reply.status < 500:
        return "refused"
    return "unknown"


class Person:
    def __init__(self, index: int, plan: dict, port: int, recorder: Recorder, config: RunConfig) -> None:
        self.index, self.plan, self.recorder, self.config = index, plan, recorder, config
        self.browser = Browser(HOST, port)
        self.rng = random.Random(config.seed * 1000 + index)
        self.answered = False
        self.iteration = 0
        self.notes: list = []
        if plan["role"] == "leader":
            self.note_version = plan["note_version"]
            self.notes = [plan["meeting"], plan["note_version"], [], plan["username"]]
            recorder.ledger["notes"].append(self.notes)

    def step(self, name: str, reply: Reply) -> Reply:
        self.recorder.add(name, reply)
        return reply

    def think(self, until: float) -> bool:
        pause = self.rng.uniform(*self.config.think)
        if time.monotonic() + pause >= until:
            return False
        time.sleep(pause)
        return True

    def sign_in(self) -> bool:
        reply = self.step("sign in", self.browser.sign_in(self.plan["username"], PASSWORD))
        return reply.status == 302

    def run(self, until: float) -> None:
        # People do not all click at the same instant once signed in: each makes a first click somewhere
        # within one think time, as they would after the sign-in page (a synchronised start queues every
        # first page behind a hundred others).
        first = self.rng.uniform(0, self.config.think[1])
        if time.monotonic() + first >= until:
            return
        time.sleep(first)
        while time.monotonic() < until and self.iteration < 10_000:
            journey = {"resident": self.resident, "leader": self.leader, "analyst": self.analyst}[
                self.plan["role"]
            ]
            if not journey(until):
                return
            self.iteration += 1

    # Each journey returns False once the run's time is up.

    def rotated(self, parts: list) -> list:
        """The journey's parts starting at a different one for each person, so every kind of write happens
        early in the run even when the server is saturated and each person gets through few clicks."""
        shift = self.index % len(parts)
        return parts[shift:] + parts[:shift]

    def resident(self, until: float) -> bool:
        self.step("resident: home", self.browser.get("/"))
        if not self.think(until):
            return False
        return all(part(until) for part in self.rotated([self.vote, self.survey]))

    def vote(self, until: float) -> bool:
        plan, b = self.plan, self.browser
        if not (plan["meeting"] and plan["proposals"]):
            return True
        self.step("resident: session page", b.get(f"/sessions/{plan['meeting']}/"))
        if not self.think(until):
            return False
        proposal = self.rng.choice(plan["proposals"])
        reply = self.step(
            "resident: vote", b.post(f"/sessions/{plan['meeting']}/vote/", {"proposal": proposal})
        )
        self.recorder.write("votes", [plan["meeting"], plan["person"], proposal, outcome_of(reply, {302})])
        return self.think(until)

    def survey(self, until: float) -> bool:
        plan, b = self.plan, self.browser
        if not plan["token"] or self.answered:
            return True
        self.answered = True
        path = f"/s/{plan['token']}/"
        self.step("resident: survey page", b.get(path))
        if not self.think(until):
            return False
        marker = f"load answer {self.index:04d}: hearing the others helped"
        data = {}
        for question in self.recorder.questions:
            data[f"q_{question['code']}"] = marker if question["kind"] == "open" else "4"
        reply = self.step("resident: survey answer", b.post(path, data))
        self.recorder.write("answers", [marker, outcome_of(reply, {302})])
        return self.think(until)

    def leader(self, until: float) -> bool:
        parts = [self.leader_home, self.attendance, self.notes_autosave, self.coding]
        return all(part(until) for part in self.rotated(parts))

    def leader_home(self, until: float) -> bool:
        b = self.browser
        self.step("leader: home", b.get("/"))
        self.step("leader: home card", b.get("/leadership/home-panel/"))  # htmx loads it right after the page
        return self.think(until)

    def attendance(self, until: float) -> bool:
        plan, b, k = self.plan, self.browser, self.iteration
        meeting = plan["meeting"]
        self.step("leader: attendance page", b.get(f"/sessions/{meeting}/attendance/"))
        if not self.think(until):
            return False
        person = plan["members"][k % len(plan["members"])]
        status = ["on_time", "late", "absent"][(k + self.index) % 3]
        reason = {"on_time": "", "late": "clinic_late", "absent": "on_service"}[status]
        reply = self.step(
            "leader: attendance mark",
            b.post(
                f"/sessions/{meeting}/attendance/",
                {"person": person, "status": status, "reason": reason},
                headers={"HX-Request": "true"},
            ),
        )
        self.recorder.write("attendance", [meeting, person, status, outcome_of(reply, {200})])
        return self.think(until)

    def notes_autosave(self, until: float) -> bool:
        b, k, meeting = self.browser, self.iteration, self.plan["meeting"]
        self.step("leader: notes page", b.get(f"/sessions/{meeting}/notes/"))
        if not self.think(until):
            return False
        marker = f"Load save {self.index}.{k}."
        reply = self.step(
            "leader: notes autosave",
            b.post(
                f"/sessions/{meeting}/notes/autosave/",
                {
                    "content": f"{marker} The group stayed with the resident's discomfort.",
                    "process": "Quiet start; the group warmed up after the first round.",
                    "tags": "trust, group process",
                    "base_version": str(self.note_version),
                },
            ),
        )
        outcome = outcome_of(reply, {200})
        self.notes[2].append([marker, outcome])
        if outcome == "ok":
            self.note_version = json.loads(reply.body)["version"]
        elif outcome == "unknown":
            # As a browser would: reload the notes page to learn whether the save landed.
            page = b.get(f"/sessions/{meeting}/notes/")
            if page.status == 200 and marker in page.body:
                self.recorder.note_seen.add(marker)
            version = _hidden_value(page.body, "base_version")
            if version is not None:
                self.note_version = version
        return self.think(until)

    def coding(self, until: float) -> bool:
        plan, b, k = self.plan, self.browser, self.iteration
        self.step("leader: coding page", b.get(f"/analysis/sources/{plan['source']}/"))
        if not self.think(until):
            return False
        start, end = _span(plan["source_text"], k)
        if end > start:
            theme = plan["themes"][(k + self.index) % len(plan["themes"])]
            reply = self.step(
                "leader: coding",
                b.post(
                    f"/analysis/sources/{plan['source']}/codings/",
                    {"start": start, "end": end, "themes": theme},
                ),
            )
            self.recorder.write(
                "codings", [plan["source"], plan["person"], start, end, theme, outcome_of(reply, {201})]
            )
        return self.think(until)

    def analyst(self, until: float) -> bool:
        b, slug = self.browser, self.plan["slug"]
        self.step("analyst: home", b.get("/"))
        if not self.think(until):
            return False
        self.step("analyst: theme timeline", b.get(f"/programs/{slug}/analysis/views/"))
        if not self.think(until):
            return False
        self.step("analyst: agreement", b.get(f"/programs/{slug}/analysis/agreement/"))
        return self.think(until)


def _hidden_value(html: str, name: str) -> int | None:
    import re

    match = re.search(rf'name="{name}" value="(\d+)"', html)
    return int(match.group(1)) if match else None


def _span(text: str, k: int) -> tuple[int, int]:
    """The k-th word-aligned passage of about forty characters, cycling through the text."""
    width = 40
    slots = max(1, len(text) // width)
    start = (k * 7 % slots) * width
    while start < len(text) and text[start].isspace():
        start += 1
    end = min(len(text), start + width - 5)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- faults -----------------------------------------------------------------------------------------


def kill_app_worker(server: subprocess.Popen, port: int, workers: int, record: dict) -> None:
    """SIGKILL a gunicorn worker that holds a client connection; gunicorn starts a new one."""
    began = time.monotonic()
    victim = None
    while victim is None and time.monotonic() - began < 10:
        victim = busy_worker(server.pid, port)
        if victim is None:
            time.sleep(0.01)
    if victim is None:
        record["app_kill"] = {"done": False, "why": "no worker was mid-request for 10 s"}
        return
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    while time.monotonic() - killed_at < 60:
        pids = gunicorn_workers(server.pid)
        if victim not in pids and len(pids) >= workers:
            break
        time.sleep(0.1)
    record["app_kill"] = {
        "done": True,
        "pid": victim,
        "replaced_after_s": round(time.monotonic() - killed_at, 2),
        "at": killed_at,
    }


def database_outage(database: str, seconds: float, port: int, record: dict, restart: bool) -> None:
    """Cut the app off its database (or restart the cluster), probe a page meanwhile, time the recovery."""
    probe = Browser(HOST, port, timeout=20)
    probe.sign_in("analyst", PASSWORD)
    statuses: dict[str, int] = defaultdict(int)
    messages = set()
    began = time.monotonic()
    if restart:
        done = subprocess.Popen(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"])
    else:
        psql(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")
    while time.monotonic() - began < seconds:
        reply = probe.get("/")
        statuses[str(reply.status)] += 1
        if reply.status == 503:
            messages.add("Balint cannot reach its database" in reply.body)
        elif isinstance(reply.status, int) and reply.status != 200:  # a 400 or a sign-in page is wrong too
            messages.add(False)
        time.sleep(0.25)
    if restart:
        done.wait(timeout=120)
    else:
        psql(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
    restored = time.monotonic()
    recovered = None
    while time.monotonic() - restored < 60:
        if probe.get("/").status == 200:
            recovered = time.monotonic() - restored
            break
        time.sleep(0.1)
    record["database_outage"] = {
        "kind": "cluster restart" if restart else "connections to this database cut and refused",
        "seconds": seconds,
        "probe_statuses": dict(statuses),
        "clear_503_page": messages == {True},
        "recovered_after_s": None if recovered is None else round(recovered, 2),
        "at": began,
        "until": restored,
    }


def task_worker_fault(env: dict, database: str, port: int, record: dict) -> subprocess.Popen | None:
    """Kill the task worker mid-report: the job shows failed, keeps no output; a new worker runs the next."""
    import re

    leader = Browser(HOST, port, timeout=60)
    leader.sign_in("leader", PASSWORD)
    worker = start_worker(env)

    def request_report() -> str:
        leader.get("/programs/demo/reports/new/")
        reply = leader.post(
            "/programs/demo/reports/new/",
            {
                "date_from": "2025-01-01",
                "date_to": "2026-06-30",
                "output": "pdf",
                "granularity": "",
                "group": "",
            },
        )
        match = re.search(r"/jobs/([0-9a-f-]{36})/", reply.headers.get("location", ""))
        if not match:
            raise RuntimeError(f"the report request was not accepted ({reply.status})")
        return match.group(1)

    def job_row(code: str) -> tuple:
        rows = psql(
            f"SELECT status, progress, octet_length(output), error FROM core_job WHERE code = '{code}'",
            database,
        )
        return rows[0] if rows else ("missing", 0, None, "")

    code = request_report()
    began = time.monotonic()
    while job_row(code)[0] != "running" and time.monotonic() - began < 120:
        time.sleep(0.05)
    status, progress, *_ = job_row(code)
    if status != "running":
        record["task_kill"] = {"done": False, "why": f"the job never ran (status {status})"}
        return worker
    time.sleep(0.3)
    status, progress, *_ = job_row(code)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    killed = {"status": status, "progress": progress}
    time.sleep(STALE_SECONDS + 1)
    page = leader.get(f"/jobs/{code}/status/")
    after = job_row(code)
    worker = start_worker(env)
    retry = request_report()
    began = time.monotonic()
    while job_row(retry)[0] not in {"done", "failed"} and time.monotonic() - began < 300:
        time.sleep(0.5)
    retried = job_row(retry)
    record["task_kill"] = {
        "done": True,
        "killed_while": killed,
        "status_page": page.status,
        "page_says_failed": "stopped" in page.body and "Failed" in page.body,
        "after": {"status": after[0], "output_bytes": after[2] or 0, "error": after[3]},
        "next_job": {
            "status": retried[0],
            "output_bytes": retried[2] or 0,
            "seconds": round(time.monotonic() - began, 1),
        },
    }
    return worker


# --- one run ----------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))] * 1000


def summarise(samples: list[Sample], wall: float, exclude: list[tuple[float, float]]) -> tuple[dict, dict]:
    """Per step and per journey: count, errors, throughput, p50/p95/p99 (fault windows kept apart)."""

    def inside(at: float) -> bool:
        return any(start <= at <= end for start, end in exclude)

    steps: dict[str, dict] = {}
    for name in EXPECTED:
        rows = [s for s in samples if s.step == name]
        if not rows:
            continue
        calm = [s for s in rows if not inside(s.at)]
        times = [s.seconds for s in calm if isinstance(s.status, int)]
        errors = [s for s in calm if s.status not in EXPECTED[name]]
        during = [s for s in rows if inside(s.at)]
        steps[name] = {
            "requests": len(rows),
            "errors": len(errors),
            "error_kinds": sorted({str(s.status) for s in errors})[:6],
            "during_faults": len(during),
            "failed_during_faults": sum(1 for s in during if s.status not in EXPECTED[name]),
            "per_s": len(rows) / wall if wall else 0,
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99),
            "max": max(times) * 1000 if times else float("nan"),
        }
    journeys: dict[str, dict] = {}
    for role in ("resident", "leader", "analyst"):
        rows = [s for s in samples if s.step.startswith(role + ":") and not inside(s.at)]
        if rows:
            times = [s.seconds for s in rows if isinstance(s.status, int)]
            journeys[role] = {
                "requests": len(rows),
                "errors": sum(1 for s in rows if s.status not in EXPECTED[s.step]),
                "per_s": len(rows) / wall if wall else 0,
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
            }
    return steps, journeys


def run(config: RunConfig) -> Outcome:
    """Set up, load, (fault), verify, clean up; the database is dropped whatever happens."""
    hard_deadline = time.monotonic() + config.deadline
    outcome = Outcome(config=asdict(config), started=time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    database = f"balint_load_{os.getpid()}_{int(time.time()) % 100000}"
    data_dir = tempfile.mkdtemp(prefix="balint-load-")
    port = free_port()
    env = bench_env(database, data_dir, port)
    server = worker = None
    try:
        log(f"database {database}: demo at scale {config.scale}{' (cloned)' if config.template else ''}")
        outcome.faults["setup_s"] = round(
            create_database(database, scale=config.scale, template=config.template, env=env), 1
        )
        plan = child(
            env, "plan", str(config.residents), str(config.leaders), str(config.analysts), timeout=600
        )
        outcome.stateless = child(env, "stateless", timeout=120)
        log(f"serving with {config.workers} gunicorn worker(s) on port {port}")
        server = start_server(env, port, config.workers)
        origin = time.monotonic()
        recorder = Recorder(origin)
        recorder.questions = plan["questions"]
        people = [Person(i, row, port, recorder, config) for i, row in enumerate(plan["users"])]

        # Sign-in: everybody within the first minutes, a few at a time as a morning's arrivals would be
        # (PBKDF2 costs each sign-in about a CPU-second here); one retry for a sign-in that failed.
        signed: list[bool] = []
        gate = threading.Semaphore(max(2, 2 * config.workers))

        def arrive(person: Person) -> None:
            with gate:
                ok = person.sign_in() or person.sign_in()
            signed.append(ok)

        threads = [threading.Thread(target=arrive, args=(p,), daemon=True) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, hard_deadline - time.monotonic()))
        log(f"{sum(signed)}/{len(people)} signed in")
        if config.faults:
            outcome.stateless["lockout_across_processes"] = lockout_check(port)

        # The warm-up (if any), then steady load for `duration` seconds; faults at a third and two thirds.
        outcome.machine["calibration_before_ms"] = calibration_ms()  # nobody's requests run meanwhile
        started = time.monotonic()
        until = min(started + config.warmup + config.duration, hard_deadline - 120)
        if config.warmup:
            log(f"warm-up: {config.warmup:g} s of the same load, reported apart")
        memory: list[float] = []
        began = started + config.warmup
        threads = [threading.Thread(target=p.run, args=(until,), daemon=True) for p in people]
        for thread in threads:
            thread.start()
        windows: list[tuple[float, float]] = []
        kill_done = outage_done = False
        cpu = CpuWindow(server.pid)
        while any(t.is_alive() for t in threads) and time.monotonic() < hard_deadline - 60:
            memory.append(rss_mib([server.pid, *gunicorn_workers(server.pid)]))
            elapsed = time.monotonic() - began
            if elapsed < 0:  # still warming up
                time.sleep(0.5)
                continue
            if not cpu.began:
                cpu.start()
            cpu.sample()
            if config.faults and not kill_done and elapsed > config.duration / 3:
                kill_done = True
                kill_app_worker(server, port, config.workers, outcome.faults)
                if outcome.faults["app_kill"].get("done"):
                    at = outcome.faults["app_kill"]["at"] - origin
                    windows.append((at - 1.0, at + 3.0 + outcome.faults["app_kill"]["replaced_after_s"]))
            if config.faults and not outage_done and elapsed > 2 * config.duration / 3:
                outage_done = True
                log("database outage")
                database_outage(database, config.outage_seconds, port, outcome.faults, config.pg_restart)
                fault = outcome.faults["database_outage"]
                windows.append(
                    (
                        fault["at"] - origin - 1.0,
                        fault["until"] - origin + (fault["recovered_after_s"] or 60) + 2,
                    )
                )
            time.sleep(0.5)
        for thread in threads:
            thread.join(timeout=max(1.0, hard_deadline - 60 - time.monotonic()))
        wall = time.monotonic() - began
        if cpu.began:
            outcome.machine.update(cpu.result(), cores=os.cpu_count())
        outcome.machine["calibration_after_ms"] = calibration_ms()
        workers_now = gunicorn_workers(server.pid)
        outcome.memory = {
            "rss_mib_mean": round(statistics.mean(memory), 1) if memory else 0,
            "rss_mib_max": round(max(memory), 1) if memory else 0,
            "per_worker_mib": round(rss_mib(workers_now) / max(1, len(workers_now)), 1),
        }
        if config.faults:
            log("task worker fault")
            worker = task_worker_fault(env, database, port, outcome.faults)
        warm_until = began - origin
        warming = [s for s in recorder.samples if s.step != "sign in" and s.at < warm_until]
        samples = [s for s in recorder.samples if s.step == "sign in" or s.at >= warm_until]
        measured = [s for s in samples if s.step != "sign in"]
        outcome.requests = len(measured)
        outcome.wall = wall
        outcome.throughput = len(measured) / wall if wall else 0
        outcome.steps, outcome.journeys = summarise(samples, wall, windows)
        if warming:
            outcome.warmup_steps, _ = summarise(warming, config.warmup, [])
        sign = [s for s in recorder.samples if s.step == "sign in"]
        outcome.steps.setdefault("sign in", {})["per_s"] = len(sign) / max(
            1e-9, max((s.at for s in sign), default=1)
        )
        ledger_path = Path(data_dir) / "ledger.json"
        ledger = dict(recorder.ledger)
        ledger["note_seen"] = sorted(recorder.note_seen)
        ledger["started_at"] = plan.get("started_at", "1970-01-01T00:00:00Z")
        ledger_path.write_text(json.dumps(ledger))
        log("verifying every write in the database")
        outcome.writes = child(env, "verify", str(ledger_path), timeout=600)
        plan_path = Path(data_dir) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        outcome.queries = child(env, "queries", str(plan_path), timeout=600)
        outcome.ok = judge(outcome, config)
    finally:
        stop(worker)
        stop(server)
        try:
            drop_database(database)
        except Exception as error:
            log(f"could not drop {database}: {error}")
    return outcome


def lockout_check(port: int) -> dict:
    """Six wrong passwords for one name, spread over the processes: the sixth is locked out (429)."""
    statuses = []
    for _ in range(6):
        b = Browser(HOST, port)
        statuses.append(b.sign_in("load-lockout-probe", "wrong-password").status)
    return {"statuses": statuses, "held": statuses[-1] == 429}


def judge(outcome: Outcome, config: RunConfig) -> bool:
    writes_ok = all(
        w["lost"] == 0 and w["duplicated"] == 0 and w["mismatched"] == 0 for w in outcome.writes.values()
    )
    calm_errors = sum(s.get("errors", 0) for s in outcome.steps.values())
    faults_ok = True
    if config.faults:
        f = outcome.faults
        faults_ok = (
            f.get("app_kill", {}).get("done", False)
            and f.get("database_outage", {}).get("clear_503_page", False)
            and f.get("database_outage", {}).get("recovered_after_s") is not None
            and f.get("task_kill", {}).get("after", {}).get("status") == "failed"
            and f.get("task_kill", {}).get("after", {}).get("output_bytes") == 0
            and f.get("task_kill", {}).get("next_job", {}).get("status") == "done"
        )
    return writes_ok and calm_errors == 0 and faults_ok
