"""Our exports read by readers we did not write, comparing the exact coded text (skipped when absent).

pyqdpx (PyPI; 0.1.8 needs Python 3.12+) counts positions in UTF-16 code units as NVivo does, so it reads
the default export; BALINT_PYQDPX_PYTHON names an interpreter that has it. QualCoder is not on PyPI:
set BALINT_QUALCODER_SRC to a checkout's src folder (with PyQt6 installed) to run its importer headless;
otherwise that test skips and says why.
"""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from balint.coding.models import Coding
from balint.exchange import qda
from balint.exchange.refi_qda.tests import helpers


@pytest.fixture
def emoji_program(world, tmp_path):
    qda.refi_import(program=world.program, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    return world.program


def _expected(program) -> list[str]:
    return sorted(c.quote for c in Coding.objects.filter(source__program=program))


PYQDPX_SCRIPT = """
import json, sys
import pyqdpx
project = pyqdpx.QDPX(sys.argv[1]).get_project()
print(json.dumps({
    "texts": [sel.text.replace("\\u200b", "") for src in project.sources.values()
              for sel in src.coded_selections.values()],
    "codes": sorted(code.name for code in project.codes.values()),
}))
"""


def _pyqdpx_python() -> str:
    """An interpreter that can import pyqdpx (0.1.8 needs Python 3.12 or later), or skip saying why."""
    configured = os.environ.get("BALINT_PYQDPX_PYTHON")
    if configured:
        return configured
    if sys.version_info >= (3, 12) and importlib.util.find_spec("pyqdpx") is not None:
        return sys.executable
    pytest.skip(
        "pyqdpx is not available: it needs Python 3.12+ (pip install pyqdpx there) and "
        "BALINT_PYQDPX_PYTHON set to that interpreter when the suite runs on an older Python"
    )


def test_pyqdpx_reads_the_exact_coded_text_of_our_utf16_export(emoji_program, tmp_path):
    python = _pyqdpx_python()
    path = tmp_path / "export.qdpx"
    path.write_bytes(qda.qdpx_export(program=emoji_program, scope=qda.export_scope(emoji_program)))
    done = subprocess.run(
        [python, "-c", PYQDPX_SCRIPT, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # pyqdpx pads each astral character with a zero-width space to imitate NVivo's count; removed above.
    assert sorted(found["texts"]) == _expected(emoji_program) == sorted(helpers.EMOJI_FRAGMENTS)
    assert found["codes"] == ["Emotions"]


def test_qualcoder_imports_the_exact_coded_text_of_our_codepoint_export(emoji_program, tmp_path):
    src = os.environ.get("BALINT_QUALCODER_SRC", "")
    if not src or importlib.util.find_spec("PyQt6") is None:
        pytest.skip(
            "QualCoder is not on PyPI: set BALINT_QUALCODER_SRC to a QualCoder checkout's src folder and "
            "install PyQt6 to run its REFI-QDA importer headless (QT_QPA_PLATFORM=offscreen)"
        )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, src)
    try:
        refi = importlib.import_module("qualcoder.refi")
    finally:
        sys.path.remove(src)
    assert hasattr(refi, "RefiImport"), "QualCoder's importer moved; update this test"
    pytest.skip("QualCoder's importer needs a QualCoder project database; run it by hand as README says")
