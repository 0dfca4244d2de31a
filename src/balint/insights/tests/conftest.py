"""Shared fixtures for the insights engine tests: no database, no network."""

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "labelled.csv"


@pytest.fixture(scope="session")
def labelled_rows() -> list[dict[str, str]]:
    """Return the hand-written test set (separate from the starter set), with its source per row."""
    with DATA.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def labelled_program(world):
    """The world's program holding the labelled test set as de-identified sources coded by the leader."""
    from .factories import build_labelled_program

    return build_labelled_program(world.program, world.leader)


LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def offline(monkeypatch):
    """No connection may leave the machine; a test database on loopback or a Unix socket stays reachable."""
    import socket

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    real_connect, real_create = socket.socket.connect, socket.create_connection

    def connect(self, address):
        if self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in LOCAL_HOSTS):
            return real_connect(self, address)
        raise OSError(f"network access attempted during an offline test: {address!r}")

    def create_connection(address, *args, **kwargs):
        if address[0] in LOCAL_HOSTS:
            return real_create(address, *args, **kwargs)
        raise OSError(f"network access attempted during an offline test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
