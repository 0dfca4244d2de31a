"""Balint against Taguette 1.5.2: the same documents, tags and highlights over HTTP on loopback, side by side.

Workload, identical on both (fixed seeds): N documents of W words (paragraphs of about 100 words), 20 tags,
H highlights of 1-3 tags each spread evenly over the documents, one HTTP request per highlight. Per run:

1. create the 20 tags (Balint: the codebook form, whose redirect a browser follows; Taguette: its JSON API);
2. import each document and open it (Balint: the import form, then the coding page it redirects to and the
   script catalog `/jsi18n/<language>-<digest>/` every page loads, kept by the browser after the first;
   Taguette: the upload its page sends, then `loadDocument`'s two GETs sent at once, the document's info and
   its contents);
3. add every highlight, one request each (Balint: the form-encoded POST with start, end, quote, themes and
   perspective that the coding page's script sends; its answer carries the undo panel's label, so `undo.js`
   reads the undo state only after an answer without one;
   Taguette: the JSON POST its page sends, `_xsrf` in the query string as `postJSON` does);
4. export the codebook (.qdc) and every highlight as CSV.

Balint's tag creation also loads the script catalog after the first codebook page. Taguette's page keeps its
long-poll `GET /api/project/<p>/events?version=…&from=<last event>` open from the moment the page is loaded
and re-sends it after each answer (TaguettePoller, one thread: the page is one tab), in every phase; its
CPU is the server's like the rest. Each phase ends with SETTLE seconds of waiting on both sides, so the
poll answering the phase's last change is counted in that phase.

Both servers run on SQLite with one process serving requests: Balint as `balint serve --workers 1
--no-worker` (the gunicorn master and its one worker; their CPU is added), Taguette in single-user mode
through bench/_taguette_launcher.py, which disables its start-up request to msg.taguette.org and refuses any
socket or name look-up that is not loopback (checked: the launcher's log and the servers' open sockets).
Each repetition starts both servers fresh and alternates which runs first.

Reported: server CPU per phase (utime + stime from /proc/<pid>/stat, so other work on a shared machine does
not count), wall time, p50/p95 of each request kind as the client saw it, and peak memory (VmHWM) of the
serving process. Markdown on stdout; `--json FILE` keeps every figure.

Install Taguette first (its own virtual environment; the bench skips without it):
    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette==1.5.2

Usage:
    .venv/bin/python bench/taguette_compare.py --small     # 100 documents, 1,000 highlights, 2 repetitions
    .venv/bin/python bench/taguette_compare.py --large     # 1,000 documents, 10,000 highlights, 2 repetitions
    .venv/bin/python bench/taguette_compare.py --docs 20 --highlights 200 --repeat 3 --json out.json
"""

from __future__ import annotations

import argparse
import csv
import datetime
import html
import html.parser
import http.cookiejar
import io
import ipaddress
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAGUETTE_PYTHON = Path(os.environ.get("TAGUETTE_PYTHON", "/tmp/taguette-venv/bin/python"))  # noqa: S108
LAUNCHER = Path(__file__).resolve().parent / "_taguette_launcher.py"
sys.path.insert(0, str(ROOT))
from bench._corpus import WORDS  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SETTLE = 0.5  # seconds waited at the end of each phase, on both sides
TAGS = 20
PHASES = ("tags", "import and open", "highlights", "export")
KINDS = (
    "create tag",
    "import document",
    "open document",
    "coding page",
    "document info",
    "document contents",
    "script catalog (jsi18n)",
    "add highlight",
    "undo state",
    "export codebook",
    "export highlights",
)


# --- the workload -------------------------------------------------------------------------------------


@dataclass
class Document:
    title: str
    paragraphs: list[str]

    @property
    def text(self) -> str:  # Balint's plain text: paragraphs separated by a blank line
        return "\n\n".join(self.paragraphs)

    @property
    def html(self) -> str:  # what Taguette receives (it converts .txt only through Calibre)
        return "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)


@dataclass
class Highlight:
    document: int
    start: int  # Unicode characters of Balint's plain text
    end: int
    tags: list[int]


@dataclass
class Workload:
    documents: list[Document]
    tags: list[str]
    highlights: list[Highlight]


def workload(docs: int, words: int, highlights: int) -> Workload:
    """The same documents, tags and highlights for both tools (fixed seeds)."""
    rng = random.Random(11)
    documents = []
    for i in range(docs):
        paragraphs = []
        for _ in range(max(1, words // 100)):
            sentences = [" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + "." for _ in range(10)]
            paragraphs.append(" ".join(sentences))
        documents.append(Document(f"Session note {i + 1:04d}", paragraphs))
    rng = random.Random(3)
    chosen = []
    for i in range(highlights):
        index = i % docs
        text = documents[index].text
        while True:
            start = rng.randrange(0, len(text) - 320)
            end = start + rng.randrange(30, 300)
            # Start on a word and end after one, never on the blank line between paragraphs.
            while start < end and not text[start].isalpha():
                start += 1
            while end > start and not text[end - 1].isalpha():
                end -= 1
            if end - start >= 20 and text[start - 1 : start] in ("", " ", "\n"):
                break
        chosen.append(Highlight(index, start, end, sorted(rng.sample(range(TAGS), rng.randint(1, 3)))))
    return Workload(documents, [f"Theme {i + 1:02d}" for i in range(TAGS)], chosen)


# --- HTTP, processes and /proc -------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Http:
    """A cookie-keeping client on loopback that times every request by kind (standard library only)."""

    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self.follow = urllib.request.build_opener(cookies)
        self.stay = urllib.request.build_opener(cookies, NoRedirect())
        self.latency: dict[str, list[float]] = {}
        self.requests: dict[str, int] = {}

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(
        self,
        method: str,
        path: str,
        data: bytes | None = None,
        headers: dict | None = None,
        *,
        kind: str | None = None,
        follow: bool = True,
        timeout: float = 300,
    ) -> tuple[int, bytes, dict]:
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})  # noqa: S310 - loopback
        opener = self.follow if follow else self.stay
        started = time.perf_counter()
        try:
            with opener.open(req, timeout=timeout) as response:
                result = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            result = error.code, error.read(), dict(error.headers)
        if kind:
            self.latency.setdefault(kind, []).append(time.perf_counter() - started)
        return result

    def form(self, path: str, fields: dict, headers: dict | None = None, **kw) -> tuple[int, bytes, dict]:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body, headers, **kw)

    def multipart(
        self,
        path: str,
        fields: list[tuple[str, str]],
        file: tuple[str, str, bytes] | None,
        headers=None,
        **kw,
    ) -> tuple[int, bytes, dict]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields
        ]
        if file:
            name, filename, content = file
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})}
        return self.request("POST", path, b"".join(parts), headers, **kw)


class TaguettePoller:
    """The long-poll Taguette's page keeps open (`longPollForEvents` in taguette.js): `GET
    /api/project/<p>/events?version=<v>&from=<last event>`, re-sent 1 ms after each answer with the last event
    id it carried; after a failure, 5 s after the failed poll began; on `{"reload": true}` (20 or more events
    behind) the page reloads: its HTML, `trans.js`, and the open document's two GETs, then polls again from
    the event id the new page holds. One thread per open page, on the page's cookies (same server process, so
    its CPU counts like every other request)."""

    def __init__(self, client: Http, project: int, version: str, last_event: int) -> None:
        self.http = Http(client.base, client.jar)
        self.project = project
        self.version = version
        self.last_event = last_event
        self.page = f"/project/{project}"  # the page's address (pushState after an upload names the document)
        self.document: int | None = None
        self.stopping = False
        self.events = 0
        self.reloads = 0
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping = True  # the open poll ends when the server stops, as a closed tab's would

    def _loop(self) -> None:
        while not self.stopping:
            began = time.monotonic()
            query = urllib.parse.urlencode({"version": self.version, "from": self.last_event})
            try:
                status, body, _ = self.http.request(
                    "GET",
                    f"/api/project/{self.project}/events?{query}",
                    kind="events long-poll",
                    timeout=3600,
                )
            except OSError as error:
                if self.stopping:
                    return
                self.errors.append(repr(error))
                time.sleep(max(0.001, 5 - (time.monotonic() - began)))
                continue
            if status != 200:
                if self.stopping:
                    return
                self.errors.append(f"status {status}")
                if status in (403, 404):  # the page leaves the project
                    return
                time.sleep(max(0.001, 5 - (time.monotonic() - began)))
                continue
            answer = json.loads(body)
            if answer.get("reload"):
                self._reload()
                continue
            for event in answer["events"]:
                self.events += 1
                self.last_event = event["id"]
            time.sleep(0.001)  # setTimeout(longPollForEvents, 1)

    def _reload(self) -> None:
        self.reloads += 1
        _, body, _ = self.http.request("GET", self.page, kind="page reload")
        self.http.request("GET", "/trans.js", kind="page reload: trans.js")
        self.last_event = int(re.search(rb"var last_event = (-?[0-9]+);", body).group(1))
        if self.document is not None:
            taguette_open(self.http, self.project, self.document)


def taguette_open(client: Http, project: int, document: int) -> bytes:
    """`loadDocument`: the document's info and its contents, both requested at once (Promise.all)."""
    info: dict[str, tuple[int, bytes, dict]] = {}
    other = threading.Thread(
        target=lambda: info.setdefault(
            "info",
            client.request("GET", f"/api/project/{project}/document/{document}", kind="document info"),
        )
    )
    started = time.perf_counter()
    other.start()
    status, body, _ = client.request(
        "GET", f"/api/project/{project}/document/{document}/contents", kind="document contents"
    )
    other.join()
    client.latency.setdefault("open document", []).append(time.perf_counter() - started)
    assert status == 200, (status, body[:300])
    assert info["info"][0] == 200, info["info"][:2]
    return body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _loopback_hex(address: str) -> bool:
    """A /proc/net address ("0100007F:1F90", IPv6 as four little-endian words): loopback or unset."""
    raw = bytes.fromhex(address.split(":")[0])
    raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # each 32-bit word is little-endian
    ip = ipaddress.ip_address(raw)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def outside_peers(pid: int) -> list[str]:
    """Sockets of this process whose peer is not loopback (TCP and UDP, IPv4 and IPv6)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    peers = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[9] in inodes and not _loopback_hex(cols[2]):
                peers.append(f"{table} {cols[2]}")
    return peers


def wait_until(check, seconds: float, process: subprocess.Popen, what: str):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what}: the server exited with {process.returncode}")
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise RuntimeError(f"{what}: nothing after {seconds:.0f} s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- one run of one tool ---------------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    repetition: int
    position: int  # 1 = ran first in its repetition
    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    startup_cpu: float = 0.0
    idle_kib: int = 0
    peak_kib: int = 0
    other_peak_kib: int = 0  # Balint's gunicorn master (it serves no request)
    outside: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    checked: str = ""
    notes: str = ""


class Server:
    """What both tools share: pids to read, phases to time."""

    def __init__(self, run: Run, pids: list[int]) -> None:
        self.run = run
        self.pids = pids

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def phase(self, name: str, work) -> None:
        for pid in self.pids:
            self.run.outside += outside_peers(pid)
        cpu, wall = self.cpu(), time.perf_counter()
        work()
        time.sleep(
            SETTLE
        )  # what the page sends after the last answer (Taguette's next poll) lands in this phase
        self.run.cpu[name] = self.cpu() - cpu
        self.run.wall[name] = time.perf_counter() - wall
        for pid in self.pids:
            self.run.outside += outside_peers(pid)


def finish(run: Run, client: Http, serving: int) -> None:
    run.peak_kib = status_kib(serving, "VmHWM")
    for kind, values in client.latency.items():
        run.requests[kind] = len(values)
        run.latency[kind] = {
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
            "mean": statistics.fmean(values),
        }


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603, S607


def balint_code(commit: str | None) -> tuple[Path, str]:
    """The Balint source to run: a `git archive` of one commit (default), so edits in progress never count."""
    if commit is None:
        return ROOT / "src", "the working tree"
    sha = git("rev-parse", "--short", commit)
    folder = Path(tempfile.mkdtemp(prefix="balint-bench-code-"))
    archive = subprocess.run(["git", "archive", sha, "src"], cwd=ROOT, capture_output=True, check=True)  # noqa: S603, S607
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)  # noqa: S603, S607
    return folder / "src", f"commit {sha}"


BALINT_SRC = ROOT / "src"


def run_balint(load: Workload, run: Run, log: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="balint-bench-"))
    env = {**os.environ, "BALINT_DATA_DIR": str(folder), "PYTHONPATH": str(BALINT_SRC)}
    env.pop("DATABASE_URL", None)  # SQLite, as Taguette
    balint = str(ROOT / ".venv/bin/balint")
    subprocess.run([balint, "manage", "migrate", "-v0"], env=env, check=True)  # noqa: S603
    setup = (
        "from balint.programs.models import Program, Role\n"
        "from balint.programs.services import person_create\n"
        "p = Program.objects.create(name='Bench', slug='bench', institution='Bench')\n"
        "person_create(program=p, full_name='Bench Leader', email='b@example.org', username='bench',"
        " role=Role.LEADER, password='bench-password-123')\n"
    )
    subprocess.run([balint, "manage", "shell", "-c", setup], env=env, check=True, capture_output=True)  # noqa: S603
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [balint, "serve", "--port", str(port), "--workers", "1", "--no-worker"],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    client = Http(base)
    try:
        wait_until(
            lambda: _answers(base + "/healthz"), 400, process, "Balint start-up"
        )  # migrate + collectstatic first: slow on a loaded machine
        workers = wait_until(lambda: children(process.pid), 30, process, "gunicorn worker")
        worker = workers[0]
        server = Server(run, [process.pid, worker])
        run.startup_cpu = cpu_seconds(worker)
        run.idle_kib = status_kib(worker, "VmRSS")
        client.request("GET", "/accounts/login/")
        client.form(
            "/accounts/login/",
            {
                "username": "bench",
                "password": "bench-password-123",
                "csrfmiddlewaretoken": client.cookie("csrftoken"),
            },
            {"Referer": base + "/accounts/login/"},
        )
        head = {"X-CSRFToken": client.cookie("csrftoken"), "Referer": base + "/"}
        themes: list[str] = []
        sources: list[str] = []

        kept: set[bytes] = set()

        def page_scripts(page: bytes) -> None:
            # Every page (base.html) loads the script catalog from an address naming its language and digest,
            # which the browser keeps for good (balint.site.script_catalog): asked once, like the static
            # scripts and styles, whose hashed names are cached too.
            address = re.search(rb'<script src="(/jsi18n/[^"]+)"', page).group(1)
            if address not in kept:
                kept.add(address)
                status, body, _ = client.request("GET", address.decode(), kind="script catalog (jsi18n)")
                assert status == 200, (status, body[:300])

        def tags() -> None:
            for name in load.tags:  # the codebook form; the browser follows its redirect to the codebook
                status, body, _ = client.form(
                    "/programs/bench/analysis/codebook/new/",
                    {"name": name, "colour": "#336699", "csrfmiddlewaretoken": client.cookie("csrftoken")},
                    head,
                    kind="create tag",
                )
                assert status == 200, (status, body[:300])
                page_scripts(body)
            _, body, _ = client.request("GET", "/programs/bench/analysis/codebook/")
            names = re.findall(rb'/analysis/themes/([0-9a-f-]{36})/">([^<]+)<', body)
            by_name = {html.unescape(n.decode()).strip(): c.decode() for c, n in names}
            themes.extend(by_name[name] for name in load.tags)

        def documents() -> None:
            for doc in load.documents:
                status, body, headers = client.multipart(
                    "/programs/bench/analysis/sources/import/",
                    [("title", doc.title), ("csrfmiddlewaretoken", client.cookie("csrftoken"))],
                    ("file", f"{doc.title}.txt", doc.text.encode()),
                    head,
                    kind="import document",
                    follow=False,
                )
                assert status == 302, (status, body[:300])
                location = headers["Location"]
                sources.append(re.search(r"/analysis/sources/([0-9a-f-]{36})/", location).group(1))
                started = time.perf_counter()
                status, body, _ = client.request("GET", location, kind="coding page")  # the redirect
                assert status == 200 and b"coding" in body, (status, body[:300])
                page_scripts(body)
                client.latency.setdefault("open document", []).append(time.perf_counter() - started)

        def highlights() -> None:
            for h in load.highlights:  # as coding.js sends it: URLSearchParams, X-CSRFToken, Accept JSON
                text = load.documents[h.document].text
                fields = [("start", str(h.start)), ("end", str(h.end)), ("quote", text[h.start : h.end])]
                fields += [("themes", themes[t]) for t in h.tags]
                fields.append(("perspective", ""))
                status, body, _ = client.form(
                    f"/analysis/sources/{sources[h.document]}/codings/",
                    fields,
                    {"X-CSRFToken": client.cookie("csrftoken"), "Accept": "application/json"},
                    kind="add highlight",
                )
                assert status == 201, (status, body[:300])
                # undo.js shows the undo label the answer carries; only an answer without one (nothing
                # changed) makes it read the undo state, as the page does.
                if "undo" not in json.loads(body):
                    status, body, _ = client.request(
                        "GET",
                        "/programs/bench/analysis/history/",
                        headers={"Accept": "application/json"},
                        kind="undo state",
                    )
                    assert status == 200 and b"undo" in body, (status, body[:300])

        exported: dict[str, bytes] = {}

        def export() -> None:
            status, qdc, _ = client.request(
                "GET", "/api/v1/programs/bench/exports/qdc", kind="export codebook"
            )
            assert status == 200 and b"CodeBook" in qdc, (status, qdc[:300])
            status, rows, _ = client.request(
                "GET", "/programs/bench/exchange/tables/codings.csv", kind="export highlights"
            )
            assert status == 200, (status, rows[:300])
            exported["csv"] = rows

        for name, work in zip(PHASES, (tags, documents, highlights, export), strict=True):
            server.phase(name, work)
        finish(run, client, worker)
        run.other_peak_kib = status_kib(process.pid, "VmHWM")
        run.checked = check_balint_export(load, exported["csv"])
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def run_taguette(load: Workload, run: Run, log: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="taguette-bench-"))
    port = free_port()
    env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [
                str(TAGUETTE_PYTHON),
                str(LAUNCHER),
                "--no-browser",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--database",
                str(folder / "t.sqlite3"),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    base = f"http://127.0.0.1:{port}"
    client = Http(base)
    try:
        token = wait_until(
            lambda: re.search(r"token=([A-Za-z0-9_-]+)", log.read_text(errors="replace")),
            120,
            process,
            "Taguette start-up",
        ).group(1)
        server = Server(run, [process.pid])
        run.startup_cpu = cpu_seconds(process.pid)
        run.idle_kib = status_kib(process.pid, "VmRSS")
        client.request("GET", f"/?token={token}")
        xsrf = client.cookie("_xsrf")
        if not xsrf:
            client.request("GET", "/project/new")
            xsrf = client.cookie("_xsrf")
        client.form("/project/new", {"name": "Bench", "description": "", "_xsrf": xsrf})
        _, body, _ = client.request("GET", "/")
        project = int(re.findall(rb"/project/([0-9]+)", body)[0])
        # The one page; everything after is its script's calls: trans.js, then the long-poll it keeps open.
        _, page, _ = client.request("GET", f"/project/{project}")
        client.request("GET", "/trans.js")
        poller = TaguettePoller(
            client,
            project,
            re.search(rb"var version = '([^']*)';", page).group(1).decode(),
            int(re.search(rb"var last_event = (-?[0-9]+);", page).group(1)),
        )
        poller.start()
        xsrf_query = "?" + urllib.parse.urlencode({"_xsrf": xsrf})  # postJSON sends it in the query string
        tag_ids: list[int] = []
        doc_ids: list[int] = []
        offsets: list[list[int]] = []  # where each paragraph starts in Taguette's text of the document

        def tags() -> None:
            for name in load.tags:
                status, body, _ = client.request(
                    "POST",
                    f"/api/project/{project}/tag/new{xsrf_query}",
                    json.dumps({"path": name, "description": ""}).encode(),
                    {"Content-Type": "application/json; charset=utf-8"},
                    kind="create tag",
                )
                assert status == 200, (status, body[:300])
                tag_ids.append(json.loads(body)["id"])

        def documents() -> None:
            for doc in load.documents:  # the page's upload form (XMLHttpRequest, FormData), then loadDocument
                status, body, _ = client.multipart(
                    f"/api/project/{project}/document/new",
                    [
                        ("name", doc.title),
                        ("description", ""),
                        ("text_direction", "LEFT_TO_RIGHT"),
                        ("_xsrf", xsrf),
                    ],
                    ("file", f"{doc.title}.html", doc.html.encode()),
                    kind="import document",
                )
                assert status == 200, (status, body[:300])
                doc_ids.append(json.loads(body)["created"])
                poller.page, poller.document = f"/project/{project}/document/{doc_ids[-1]}", doc_ids[-1]
                body = taguette_open(client, project, doc_ids[-1])
                offsets.append(paragraph_offsets(doc, json.loads(body)["contents"][0]["contents"]))

        def highlights() -> None:
            for h in load.highlights:
                doc = load.documents[h.document]
                start = taguette_offset(doc, offsets[h.document], h.start)
                end = taguette_offset(doc, offsets[h.document], h.end)
                status, body, _ = client.request(
                    "POST",
                    f"/api/project/{project}/document/{doc_ids[h.document]}/highlight/new{xsrf_query}",
                    json.dumps(
                        {"start_offset": start, "end_offset": end, "tags": [tag_ids[t] for t in h.tags]}
                    ).encode(),
                    {"Content-Type": "application/json; charset=utf-8"},
                    kind="add highlight",
                )
                assert status == 200, (status, body[:300])

        exported: dict[str, bytes] = {}

        def export() -> None:
            status, qdc, _ = client.request(
                "GET", f"/project/{project}/export/codebook.qdc", kind="export codebook"
            )
            assert status == 200 and b"CodeBook" in qdc, (status, qdc[:200])
            status, rows, _ = client.request(
                "GET", f"/project/{project}/export/highlights/.csv", kind="export highlights"
            )
            assert status == 200, (status, rows[:200])
            exported["csv"] = rows

        for name, work in zip(PHASES, (tags, documents, highlights, export), strict=True):
            server.phase(name, work)
        poller.stop()
        for kind, values in poller.http.latency.items():
            client.latency.setdefault(kind, []).extend(values)
        finish(run, client, process.pid)
        run.checked = check_taguette_export(load, exported["csv"])
        run.notes = (
            f"the page's long-poll received {poller.events:,} events in "
            f"{len(client.latency.get('events long-poll', [])):,} answers, {poller.reloads} page reloads, "
            f"{len(poller.errors)} failed polls"
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
        text = log.read_text(errors="replace")
        run.blocked = [
            line
            for line in text.split("launcher: SERVER-START", 1)[-1].splitlines()
            if "BLOCKED-OUTBOUND" in line
        ]
        if "guard self-test passed" not in text:
            run.blocked.append("the launcher's guard self-test did not pass")
        shutil.rmtree(folder, ignore_errors=True)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def paragraph_offsets(doc: Document, contents: str) -> list[int]:
    """Where each paragraph starts in the text Taguette counts its offsets in (text nodes, UTF-8 bytes)."""
    parser = _Text()
    parser.feed(contents)
    text = "".join(parser.parts)
    found, cursor = [], 0
    for paragraph in doc.paragraphs:
        at = text.index(paragraph, cursor)
        found.append(len(text[:at].encode()))
        cursor = at + len(paragraph)
    return found


def taguette_offset(doc: Document, offsets: list[int], position: int) -> int:
    """Balint's character offset in the plain text -> Taguette's byte offset in the document's text."""
    cursor = 0
    for index, paragraph in enumerate(doc.paragraphs):
        if position <= cursor + len(paragraph):
            return offsets[index] + len(paragraph[: position - cursor].encode())
        cursor += len(paragraph) + 2
    raise ValueError(position)


def _expected(load: Workload) -> list[tuple[str, str, str]]:
    return sorted(
        (load.documents[h.document].title, load.tags[t], load.documents[h.document].text[h.start : h.end])
        for h in load.highlights
        for t in h.tags
    )


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _pick(row: dict[str, str], *names: str) -> str:
    for key, value in row.items():
        if key and key.strip().lower() in names:
            return value or ""
    raise KeyError(f"none of {names} in {list(row)}")


def check_balint_export(load: Workload, data: bytes) -> str:
    rows = _rows(data)
    got = sorted(
        (_pick(r, "source", "source title", "title"), _pick(r, "theme", "code"), _pick(r, "quote", "text"))
        for r in rows
    )
    return _compare(load, got)


def check_taguette_export(load: Workload, data: bytes) -> str:
    rows = _rows(data)
    got = []
    for r in rows:
        parser = _Text()
        parser.feed(_pick(r, "content"))
        got.append((_pick(r, "document"), _pick(r, "tag"), "".join(parser.parts)))
    return _compare(load, sorted(got))


def _compare(load: Workload, got: list[tuple[str, str, str]]) -> str:
    """Compare as multisets with the whitespace taken out of each quote, sorted after that: Taguette joins
    paragraphs with a space where the plain text has a blank line, so two quotes starting at the same word,
    one running into the next paragraph, sort in a different order before the whitespace is removed."""
    want = _expected(load)
    norm = sorted((d, t, "".join(q.split())) for d, t, q in got)
    expected = sorted((d, t, "".join(q.split())) for d, t, q in want)
    if norm == expected:
        return f"export holds exactly the {len(want):,} expected (document, tag, quoted text) rows"
    missing = Counter(expected) - Counter(norm)
    extra = Counter(norm) - Counter(expected)
    return (
        f"export MISMATCH: {len(got):,} rows, {len(want):,} expected; {sum(missing.values()):,} expected "
        f"rows missing, {sum(extra.values()):,} rows not expected (first: {next(iter(extra), None)})"
    )


# --- report ----------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = status_line("/proc/meminfo", "MemTotal")
    commit = git("rev-parse", "--short", "HEAD")
    return {
        "cpu": f"{os.cpu_count()} × {model}",
        "memory": f"{int(memory.split()[0]) / 1024 / 1024:.0f} GiB" if memory else "?",
        "python": platform.python_version(),
        "commit": commit,
    }


def status_line(path: str, key: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def span(values: list[float], fmt: str) -> str:
    """ "12.8–13.5 s": the lowest and highest repetition, the unit written once."""
    number, _, unit = fmt.partition("}")
    low, high = (f"{number}}}".format(v) for v in (min(values), max(values)))
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def report(runs: list[Run], load: Workload, args: argparse.Namespace, meta: dict) -> str:
    by = {tool: [r for r in runs if r.tool == tool] for tool in ("Balint", "Taguette")}
    reps = sorted({r.repetition for r in runs})
    pairs = [
        (
            next(r for r in by["Balint"] if r.repetition == k),
            next(r for r in by["Taguette"] if r.repetition == k),
        )
        for k in reps
    ]
    n_hl = len(load.highlights)
    firsts = ", ".join(r.tool for r in sorted(runs, key=lambda r: r.repetition) if r.position == 1)
    lines = [
        f"### Balint vs Taguette: {len(load.documents):,} documents × {args.words:,} words, {TAGS} tags, "
        f"{n_hl:,} highlights of 1–3 tags ({sum(len(h.tags) for h in load.highlights):,} tag links)",
        "",
        f"{meta['started']} to {meta['ended']} UTC; {meta['cpu']}, {meta['memory']}; "
        f"Python {meta['python']}; Balint from {meta['balint_code']}; load average {meta['load_before']} "
        f"before, {meta['load_after']} after; {len(reps)} repetitions, order alternated (first: {firsts}).",
        "",
        "| | Balint | Taguette | Balint / Taguette |",
        "| --- | ---: | ---: | ---: |",
    ]

    def row(label: str, get, fmt: str, ratio: bool = True) -> None:
        b = [get(p[0]) for p in pairs]
        t = [get(p[1]) for p in pairs]
        both = None not in b and None not in t
        r = (
            span([x / y for x, y in zip(b, t, strict=True) if y], "{:.2f}×")
            if ratio and both and all(t)
            else "—"
        )
        shown = [span(v, fmt) if None not in v else "—" for v in (b, t)]
        lines.append(f"| {label} | {shown[0]} | {shown[1]} | {r} |")

    def latency(kind: str, q: str):
        return lambda r: r.latency[kind][q] * 1000 if kind in r.latency else None

    row("whole workload, server CPU", lambda r: sum(r.cpu.values()), "{:.1f} s")
    row("whole workload, wall time", lambda r: sum(r.wall.values()), "{:.1f} s")
    for phase in PHASES:
        row(f"{phase}, server CPU", lambda r, p=phase: r.cpu[p], "{:.2f} s")
    row("CPU per highlight request", lambda r: r.cpu["highlights"] / n_hl * 1000, "{:.1f} ms")
    for kind in KINDS:
        if not any(kind in r.latency for r in runs):
            continue
        if all(r.requests.get(kind, 1) == 1 for r in runs):  # one request per run: no percentiles to give
            row(f"{kind}: latency", latency(kind, "p50"), "{:.1f} ms")
            continue
        row(f"{kind}: p50 latency", latency(kind, "p50"), "{:.1f} ms")
        row(f"{kind}: p95 latency", latency(kind, "p95"), "{:.1f} ms")
    row("serving process after start-up, RSS", lambda r: r.idle_kib / 1024, "{:.0f} MiB")
    row("serving process, peak memory (VmHWM)", lambda r: r.peak_kib / 1024, "{:.0f} MiB")
    row("start-up CPU of the serving process", lambda r: r.startup_cpu, "{:.2f} s")
    lines.append("")
    counts = {  # "open document" is a step of one or two requests, counted by its requests
        tool: {k: v for k, v in by[tool][0].requests.items() if k != "open document"} for tool in by
    }
    lines.append(
        "Requests per run: "
        + "; ".join(f"{tool} " + ", ".join(f"{k} {v:,}" for k, v in counts[tool].items()) for tool in counts)
        + " (Balint's tag creation is the form POST plus the codebook page its redirect opens; 'open"
        " document' is the whole step: Balint's coding page and its script catalog, Taguette's two GETs"
        " sent at once)."
    )
    lines.append("")
    for tool, tool_runs in by.items():
        checks = sorted({r.checked for r in tool_runs})
        outside = sorted({p for r in tool_runs for p in r.outside})
        blocked = sorted({b for r in tool_runs for b in r.blocked})
        lines.append(
            f"- {tool}: {'; '.join(checks)}; sockets to anything but loopback seen at phase boundaries: "
            f"{len(outside) or 'none'}"
            + (
                f"; outbound attempts refused by the launcher after start: {len(blocked) or 'none'}"
                if tool == "Taguette"
                else ""
            )
            + (
                f"; {'; '.join(sorted({r.notes for r in tool_runs if r.notes}))}"
                if tool == "Taguette"
                else ""
            )
            + "."
        )
    balint_master = max(r.other_peak_kib for r in by["Balint"]) / 1024
    lines.append(
        f"- Balint's gunicorn master (serves no request) peaked at {balint_master:.0f} MiB besides its "
        "worker; its CPU is included above."
    )
    lines.append("")
    lines.append("Each repetition (server CPU of the whole workload, highlight p50, peak memory):")
    lines.append("")
    lines.append("| repetition | tool | ran | CPU s | wall s | highlight p50 ms | peak MiB |")
    lines.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in sorted(runs, key=lambda r: (r.repetition, r.position)):
        ran = "first" if r.position == 1 else "second"
        p50 = r.latency["add highlight"]["p50"] * 1000
        lines.append(
            f"| {r.repetition} | {r.tool} | {ran} | {sum(r.cpu.values()):.1f} | {sum(r.wall.values()):.1f} "
            f"| {p50:.1f} | {r.peak_kib / 1024:.0f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100 documents, 1,000 highlights (make bench)")
    parser.add_argument("--large", action="store_true", help="1,000 documents, 10,000 highlights")
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--highlights", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000, help="words per document (default 1,000)")
    parser.add_argument("--repeat", type=int, default=2, help="repetitions, order alternated (default 2)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--commit",
        default="HEAD",
        help="run Balint as committed at this revision (default HEAD), via git archive",
    )
    parser.add_argument(
        "--working-tree",
        action="store_true",
        help="run Balint from the working tree, uncommitted edits included",
    )
    args = parser.parse_args()
    if args.large:
        args.docs, args.highlights = 1000, 10000
    elif args.small:
        args.docs, args.highlights = 100, 1000
    if args.repeat < 1 or args.docs < 1 or args.highlights < 1 or args.words < 100:
        parser.error("--repeat, --docs and --highlights must be at least 1, --words at least 100")
    if (
        not TAGUETTE_PYTHON.exists()
        or subprocess.run(  # noqa: S603
            [str(TAGUETTE_PYTHON), "-c", "import taguette"], capture_output=True, check=False
        ).returncode
    ):
        print(
            f"Skipped: Taguette is not installed at {TAGUETTE_PYTHON}. Install it in its own virtual "
            "environment:\n    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install "
            "taguette==1.5.2\n(or point TAGUETTE_PYTHON at the Python of an environment that has it)."
        )
        return 0
    global BALINT_SRC
    BALINT_SRC, code = balint_code(None if args.working_tree else args.commit)
    load = workload(args.docs, args.words, args.highlights)
    meta = {"started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"), **machine()}
    meta["balint_code"] = code
    meta["load_before"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    logs = Path(tempfile.mkdtemp(prefix="taguette-compare-logs-"))
    runs = []
    runners = {"Balint": run_balint, "Taguette": run_taguette}
    try:
        for repetition in range(1, args.repeat + 1):
            order = ("Balint", "Taguette") if repetition % 2 else ("Taguette", "Balint")
            for position, tool in enumerate(order, start=1):
                run = Run(tool, repetition, position)
                print(f"repetition {repetition}: {tool} …", file=sys.stderr, flush=True)
                runners[tool](load, run, logs / f"{tool.lower()}-{repetition}.log")
                print(
                    f"  server CPU {sum(run.cpu.values()):.1f} s, wall {sum(run.wall.values()):.1f} s, "
                    f"peak {run.peak_kib / 1024:.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )
                runs.append(run)
    finally:
        if not args.working_tree:
            shutil.rmtree(BALINT_SRC.parent, ignore_errors=True)  # the git archive made for this run
    meta["ended"] = datetime.datetime.now(datetime.UTC).strftime("%H:%M")
    meta["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(report(runs, load, args, meta))
    print(f"\nServer logs: {logs}")
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "runs": [r.__dict__ for r in runs]}, indent=1))
    bad = [r for r in runs if "MISMATCH" in r.checked or r.outside or r.blocked]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
