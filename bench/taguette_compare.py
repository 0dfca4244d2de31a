"""Run the same import / coding / export workload on Taguette and on Balint, both over HTTP on loopback.

Workload: import 20 documents of ~2,000 words, create 5 codes, add 200 highlights (10 per document),
export the codebook (.qdc) and all highlights. Taguette runs from its own virtual environment
(`python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette`) in single-user mode;
its documents are uploaded as .html because Taguette converts .txt/.docx/.pdf with Calibre's
`ebook-convert`, which is not installed here. Balint runs `balint serve` on a fresh SQLite database and
receives the same texts as .txt files.

Usage: .venv/bin/python bench/taguette_compare.py [--docs 20] [--highlights 10]
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAGUETTE = Path(os.environ.get("TAGUETTE", "/tmp/taguette-venv/bin/taguette"))  # noqa: S108 - bench-only venv
sys.path.insert(0, str(ROOT))
from bench._corpus import WORDS  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Http:
    """A tiny cookie-keeping HTTP client (standard library only)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(
        self, method: str, path: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})  # noqa: S310 - loopback
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def form(self, path: str, fields: dict, headers: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        )

    def multipart(
        self, path: str, fields: dict, file_field: str, filename: str, content: bytes, headers=None
    ):  # noqa: ANN001, ANN201
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})},
        )


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def documents(count: int, words: int) -> list[tuple[str, str]]:
    rng = random.Random(11)
    docs = []
    for i in range(count):
        paragraphs = []
        for _ in range(words // 100):
            paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(100)).capitalize() + ".")
        docs.append((f"Session note {i + 1}", "\n\n".join(paragraphs)))
    return docs


def spans(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    result = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 300)
        result.append((start, start + rng.randrange(30, 300)))
    return result


def run_taguette(docs, highlights: int, codes: int) -> dict[str, float]:  # noqa: ANN001
    if not TAGUETTE.exists():
        raise RuntimeError(f"{TAGUETTE} is missing: install Taguette in its own virtual environment first.")
    folder = tempfile.mkdtemp(prefix="taguette-bench-")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(TAGUETTE),
            "--no-browser",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--database",
            os.path.join(folder, "t.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        token = None
        deadline = time.time() + 90
        while token is None and time.time() < deadline:
            line = process.stdout.readline()
            match = re.search(r"token=([A-Za-z0-9_-]+)", line or "")
            if match:
                token = match.group(1)
        if token is None:
            raise RuntimeError("Taguette did not print its single-user sign-in link.")
        client = Http(f"http://127.0.0.1:{port}")
        client.request("GET", f"/?token={token}")
        xsrf = client.cookie("_xsrf")
        if not xsrf:
            client.request("GET", "/project/new")
            xsrf = client.cookie("_xsrf")
        head = {"X-XSRFToken": xsrf}
        timings = {}
        started = time.perf_counter()
        client.form("/project/new", {"name": "Bench", "description": "", "_xsrf": xsrf})
        status, body = client.request("GET", "/")
        project = int(re.findall(rb"/project/([0-9]+)", body)[0])
        doc_ids = []
        for title, text in docs:
            page = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
            status, body = client.multipart(
                f"/api/project/{project}/document/new",
                {"name": title, "description": "", "_xsrf": xsrf},
                "file",
                f"{title}.html",
                page.encode(),
                head,
            )
            assert status == 200, body[:300]
            doc_ids.append(json.loads(body)["created"])
        timings["import"] = time.perf_counter() - started
        started = time.perf_counter()
        tag_ids = []
        for i in range(codes):
            status, body = client.request(
                "POST",
                f"/api/project/{project}/tag/new",
                json.dumps({"path": f"theme{i}", "description": ""}).encode(),
                {"Content-Type": "application/json", **head},
            )
            assert status == 200, body[:300]
            tag_ids.append(json.loads(body)["id"])
        rng = random.Random(3)
        for doc_id, (_, text) in zip(doc_ids, docs, strict=True):
            status, body = client.request("GET", f"/api/project/{project}/document/{doc_id}/contents")
            for start, end in spans(text, highlights, rng):
                status, body = client.request(
                    "POST",
                    f"/api/project/{project}/document/{doc_id}/highlight/new",
                    json.dumps(
                        {"start_offset": start, "end_offset": end, "tags": [rng.choice(tag_ids)]}
                    ).encode(),
                    {"Content-Type": "application/json", **head},
                )
                assert status == 200, body[:300]
        timings["coding"] = time.perf_counter() - started
        started = time.perf_counter()
        status, qdc = client.request("GET", f"/project/{project}/export/codebook.qdc")
        assert status == 200, qdc[:200]
        status, csv = client.request("GET", f"/project/{project}/export/highlights/.csv")
        assert status == 200, csv[:200]
        timings["export"] = time.perf_counter() - started
        return timings
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def run_balint(docs, highlights: int, codes: int) -> dict[str, float]:  # noqa: ANN001
    folder = tempfile.mkdtemp(prefix="balint-bench-")
    env = {**os.environ, "BALINT_DATA_DIR": folder}
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
    process = subprocess.Popen(  # noqa: S603
        [balint, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", process)
        client = Http(base)
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
        timings = {}
        docs_count = len(docs)
        started = time.perf_counter()
        sources = []
        for title, text in docs:
            status, body = client.multipart(
                "/programs/bench/analysis/sources/import/",
                {"title": title, "csrfmiddlewaretoken": client.cookie("csrftoken")},
                "file",
                f"{title}.txt",
                text.encode(),
                head,
            )
            assert status == 200, (status, body[:300])  # followed the redirect to the source page
            sources.append(re.findall(rb"/analysis/sources/([0-9a-f-]{36})/codings/", body)[0].decode())
        timings["import"] = time.perf_counter() - started
        started = time.perf_counter()
        theme_codes = []
        for i in range(codes):
            status, body = client.form(
                "/programs/bench/analysis/codebook/new/",
                {"name": f"theme{i}", "colour": "#336699", "csrfmiddlewaretoken": client.cookie("csrftoken")},
                head,
            )
            assert status == 200, (status, body[:300])
        status, body = client.request("GET", "/programs/bench/analysis/codebook/")
        theme_codes = [
            c.decode() for c in dict.fromkeys(re.findall(rb"/analysis/themes/([0-9a-f-]{36})/", body))
        ]
        rng = random.Random(3)
        for code, (_, text) in zip(sources, docs, strict=True):
            status, body = client.request("GET", f"/analysis/sources/{code}/")
            for start, end in spans(text, highlights, rng):
                status, body = client.form(
                    f"/analysis/sources/{code}/codings/",
                    {
                        "start": start,
                        "end": end,
                        "themes": [rng.choice(theme_codes)],
                        "quote": text[start:end],
                    },
                    head,
                )
                assert status == 201, body[:300]
        timings["coding"] = time.perf_counter() - started
        started = time.perf_counter()
        # The same two files Taguette gives: the codebook (.qdc) and every highlight as CSV.
        status, qdc = client.request("GET", "/api/v1/programs/bench/exports/qdc")
        assert status == 200 and b"CodeBook" in qdc, (status, qdc[:300])
        status, csv = client.request("GET", "/programs/bench/exchange/tables/codings.csv")
        assert status == 200 and csv.count(b"\n") > docs_count * highlights // 2, (status, csv[:300])
        timings["export"] = time.perf_counter() - started
        return timings
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--highlights", type=int, default=10)
    parser.add_argument("--codes", type=int, default=5)
    args = parser.parse_args()
    docs = documents(args.docs, args.words)
    results = {}
    for name, runner in (("Balint", run_balint), ("Taguette", run_taguette)):
        try:
            results[name] = runner(docs, args.highlights, args.codes)
        except Exception as error:  # noqa: BLE001 - report why a tool could not run
            results[name] = {"error": f"{type(error).__name__}: {error}"}
    print(
        f"### Balint vs Taguette: {args.docs} documents x {args.words} words, {args.codes} codes, "
        f"{args.docs * args.highlights} highlights, codebook + highlights export\n"
    )
    print("| step | Balint | Taguette | Balint / Taguette |")
    print("| --- | ---: | ---: | ---: |")
    for step in ("import", "coding", "export"):
        b = results["Balint"].get(step)
        t = results["Taguette"].get(step)
        ratio = f"{b / t:.2f}" if b and t else "—"
        print(
            f"| {step} | {b * 1000:,.0f} ms | {t * 1000:,.0f} ms | {ratio} |"
            if b and t
            else f"| {step} | {b} | {t} | — |"
        )
    for name, result in results.items():
        if "error" in result:
            print(f"\n{name} could not run: {result['error']}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
