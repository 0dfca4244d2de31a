"""Property-based fuzzing of both importers at the Django layer: only ApplicationError escapes, and a failed
import leaves every analysis table as it was."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.exchange.refi_qda import qdc_bytes, qdpx_bytes
from balint.exchange.refi_qda.tests.helpers import sample_project

SEED_QDPX = qdpx_bytes(sample_project())
SEED_QDC = qdc_bytes(sample_project())
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    buffer = bytearray(data)
    for position, value in edits:
        if buffer:
            buffer[position % len(buffer)] = value
    return bytes(buffer)


def _mutate_qde(edits: list[tuple[int, int]], cut: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(SEED_QDPX)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["project.qde"] = _mutate(files["project.qde"], edits)[: max(1, len(files["project.qde"]) - cut)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _attempt(program, data: bytes, fmt: str) -> None:
    before = qda.theme_counts(program)
    try:
        qda.refi_import(program=program, data=data, file_format=fmt)
    except ApplicationError as error:
        assert error.message
        assert qda.theme_counts(program) == before
    except Exception as error:
        pytest.fail(f"{type(error).__name__} escaped the importer: {error}")


edits = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8)


@FUZZ
@given(edits=edits, cut=st.integers(0, 200))
def test_it_lets_only_application_errors_out_of_the_project_importer(world, edits, cut):
    _attempt(world.program, _mutate_qde(edits, cut), "qdpx")


@FUZZ
@given(edits=edits)
def test_it_lets_only_application_errors_out_of_the_archive_reader(world, edits):
    _attempt(world.program, _mutate(SEED_QDPX, edits), "qdpx")


@FUZZ
@given(edits=edits, cut=st.integers(0, 200))
def test_it_lets_only_application_errors_out_of_the_codebook_importer(world, edits, cut):
    _attempt(world.program, _mutate(SEED_QDC, edits)[: max(1, len(SEED_QDC) - cut)], "qdc")


@FUZZ
@given(data=st.binary(max_size=400))
def test_it_refuses_arbitrary_bytes_cleanly(world, data):
    _attempt(world.program, data, "qdpx")
    _attempt(world.program, data, "qdc")
