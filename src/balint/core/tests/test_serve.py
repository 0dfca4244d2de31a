"""`balint serve` runs the server and a supervised task worker, and stops both cleanly."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BALINT = str(Path(sys.executable).parent / "balint")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except FileNotFoundError:
        return ""


def _task_worker(pid: int) -> int | None:
    return next((c for c in _children(pid) if "balint.config.cli worker" in _command_line(c)), None)


def _wait(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


@pytest.fixture
def serve(tmp_path):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL", "TASK_BACKEND", "SERVE_WORKER"}
    }
    environment["BALINT_DATA_DIR"] = str(tmp_path)
    started = []

    def start(*args: str) -> tuple[subprocess.Popen, int]:
        port = _free_port()
        process = subprocess.Popen(
            [BALINT, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", *args],
            env=environment,
            stdout=open(tmp_path / "out.txt", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        # A fresh data folder is migrated first: allow for a busy CI machine running the suite in parallel.
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 300)
        return process, port

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_it_supervises_a_task_worker_and_stops_it_with_the_server(serve, tmp_path):
    server, port = serve()
    worker = _wait(lambda: _task_worker(server.pid))
    output = (tmp_path / "out.txt").read_text()
    assert f"Balint is serving on http://127.0.0.1:{port}" in output
    assert "Background tasks run in a worker" in output
    for child in _children(server.pid):  # links in mails are built from the address actually served
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        assert f"SITE_URL=http://127.0.0.1:{port}".encode() in environ

    os.kill(worker, signal.SIGKILL)  # a worker that dies is started again
    replacement = _wait(lambda: (w := _task_worker(server.pid)) and w != worker and w)
    assert replacement != worker

    children = _children(server.pid)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=40) == 0
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()
    assert not _answers(f"http://127.0.0.1:{port}/healthz")


def test_it_serves_without_a_worker_when_asked(serve, tmp_path):
    server, _ = serve("--no-worker")
    time.sleep(1)
    assert _task_worker(server.pid) is None
    assert "run `balint worker`" in (tmp_path / "out.txt").read_text()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
