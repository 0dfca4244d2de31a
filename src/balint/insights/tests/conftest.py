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
