"""Our exports read by readers we did not write, comparing the exact coded text (skipped when absent).

pyqdpx (PyPI; 0.1.8 needs Python 3.12+) counts positions in UTF-16 code units as NVivo does, so it reads
the default export; BALINT_PYQDPX_PYTHON names an interpreter that has it. QualCoder is not on PyPI:
set BALINT_QUALCODER_SRC to a checkout's src folder and BALINT_QUALCODER_PYTHON to an interpreter with
PyQt6, PyMuPDF, Pillow and qtawesome; readers/qualcoder_driver.py then runs QualCoder's own new-project
and REFI-QDA import code headless (Qt offscreen) in that interpreter. Otherwise these tests skip and say why.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balint.coding.models import Coding, Memo, Source, Theme
from balint.exchange import qda
from balint.exchange.refi_qda.tests import helpers
from balint.exchange.tests.factories import build_analysis


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


QUALCODER_DRIVER = Path(__file__).parent / "readers" / "qualcoder_driver.py"


def _qualcoder() -> tuple[str, Path]:
    """The interpreter and QualCoder `src` folder to run QualCoder's importer with, or skip saying why."""
    src = os.environ.get("BALINT_QUALCODER_SRC", "")
    if not src:
        pytest.skip(
            "QualCoder is not on PyPI: set BALINT_QUALCODER_SRC to a QualCoder checkout's src folder and "
            "BALINT_QUALCODER_PYTHON to an interpreter with PyQt6, PyMuPDF, Pillow and qtawesome "
            "(see README, Exchange: readers we did not write)"
        )
    folder = Path(src)
    if not (folder / "qualcoder" / "refi.py").is_file():
        pytest.skip(f"BALINT_QUALCODER_SRC={src} holds no qualcoder/refi.py")
    python = os.environ.get("BALINT_QUALCODER_PYTHON") or sys.executable
    probe = subprocess.run(
        [python, "-c", "import PyQt6.QtWidgets, pymupdf, PIL, qtawesome"], capture_output=True
    )
    if probe.returncode:
        pytest.skip(
            f"{python} cannot import PyQt6, PyMuPDF, Pillow and qtawesome; set BALINT_QUALCODER_PYTHON"
        )
    return python, folder


def _qualcoder_import(python: str, src: Path, data: bytes, folder: Path) -> dict:
    """Run QualCoder's own REFI-QDA project import on `data` in a fresh QualCoder project; what it holds."""
    folder.mkdir()
    path = folder / "export.qdpx"  # QualCoder unpacks beside the file
    path.write_bytes(data)
    done = subprocess.run(
        [python, str(QUALCODER_DRIVER), str(src), str(path), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def rich_program(world):
    """Codebook with a hierarchy, codings by three coders on emoji, accents, Arabic and typographic quotes,
    memos on the whole analysis, a source, a theme and codings; plus the NVivo-like emoji file imported."""
    build_analysis(world)
    qda.refi_import(program=world.program, data=helpers.nvivo_emoji_qdpx(), file_format="qdpx")
    return world.program


def test_qualcoder_imports_the_exact_coded_text_tree_and_memos_of_our_codepoint_export(
    rich_program, tmp_path
):
    python, src = _qualcoder()
    scope = qda.export_scope(rich_program)
    got = _qualcoder_import(
        python,
        src,
        qda.qdpx_export(program=rich_program, scope=scope, position_unit="codepoints"),
        tmp_path / "cp",
    )
    assert got["messages"][-1]["title"] == "REFI-QDA Project import", got["log"]

    codings = Coding.objects.filter(source__program=rich_program).select_related("theme", "source", "coder")
    expected = sorted((c.source.title, c.theme.name, c.quote, c.coder.full_name) for c in codings)
    assert len(expected) == 10
    found = sorted((c["source"], c["code"], c["seltext"], c["owner"]) for c in got["codings"])
    assert found == expected
    # QualCoder stores the text it sliced at the positions; it is the text at those positions in its copy.
    assert all(c["text_at_positions"] == c["seltext"] for c in got["codings"])
    assert {c["seltext"] for c in got["codings"]} >= set(helpers.EMOJI_FRAGMENTS)
    # Balint's own fields (perspective; category, when to use) stay in balint.json, out of QualCoder's memos.
    assert [c["memo"] for c in got["codings"]] == [""] * 10

    sources = {s["name"]: s for s in got["sources"]}
    assert {name: s["fulltext"] for name, s in sources.items()} == {
        s.title: s.text for s in Source.objects.filter(program=rich_program)
    }
    themes = Theme.objects.filter(program=rich_program, active=True).select_related("parent")
    assert {c["name"]: c["parent_code"] for c in got["codes"]} == {
        t.name: (t.parent.name if t.parent else None) for t in themes
    }
    assert {c["name"]: c["memo"] for c in got["codes"]} == {t.name: t.definition for t in themes}

    memos = Memo.objects.filter(program=rich_program)
    on_sources = [m for m in memos if m.source_id and not (m.coding_id or m.theme_id)]
    assert len(on_sources) == 1
    for memo in on_sources:  # QualCoder's memo of a file is the source's Description
        assert sources[memo.source.title]["memo"] == f"{memo.title}\n{memo.body}"
    # Every other memo (whole analysis, theme, coding, and the NVivo file's note) becomes a journal.
    journals = {j["name"]: (j["jentry"], j["owner"]) for j in got["journals"]}
    assert journals == {m.title: (m.body, m.author.full_name) for m in memos if m not in on_sources}
    assert len(journals) == 4


def test_qualcoder_misplaces_codings_after_emoji_in_a_utf16_export(rich_program, tmp_path):
    """The reason the export page asks for the target tool: QualCoder counts code points."""
    python, src = _qualcoder()
    data = qda.qdpx_export(program=rich_program, scope=qda.export_scope(rich_program), position_unit="utf16")
    got = _qualcoder_import(python, src, data, tmp_path / "utf16")
    texts = {c["seltext"] for c in got["codings"]}
    assert "fear of pain" not in texts  # three emoji before it: three code units too far
    assert "reflect on the doctor–patient relationship" in texts  # no emoji in that source
