"""balint export / import / backup: one summary line on success, one clear CommandError line on failure."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from balint.coding.models import Coding
from balint.exchange import qda
from balint.exchange.tests.factories import build_analysis
from balint.programs.models import Program


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_exports_and_imports_from_the_command_line(world, tmp_path):
    build_analysis(world)
    target = Program.objects.create(name="Copy", slug="copy", institution="x")
    project, codebook = tmp_path / "p.qdpx", tmp_path / "c.qdc"
    assert "Exported 2 sources" in _call("export", "qdpx", "--program", "lakeside", "-o", str(project))
    assert "the codebook" in _call("export", "qdc", "--program", "lakeside", "-o", str(codebook))
    dry = _call("import", "qdpx", str(project), "--program", "copy", "--dry-run")
    assert "would import 3 new themes" in dry and not Coding.objects.filter(source__program=target).exists()
    done = _call("import", "qdpx", str(project), "--program", "copy")
    assert "imported 3 new themes" in done and Coding.objects.filter(source__program=target).count() == 5
    assert "0 new themes (3 matched)" in _call("import", "qdc", str(codebook), "--program", "copy")


def test_it_exports_tables(world, tmp_path):
    build_analysis(world)
    out = tmp_path / "codings.xlsx"
    assert "5 rows of Codings" in _call(
        "export", "xlsx", "--program", "lakeside", "--table", "codings", "-o", str(out)
    )
    assert out.read_bytes().startswith(b"PK")


def test_it_fails_with_one_clear_line(world, tmp_path):
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a zip at all")
    before = qda.theme_counts(world.program)
    with pytest.raises(CommandError, match="nothing was imported"):
        _call("import", "qdpx", str(broken), "--program", "lakeside")
    with pytest.raises(CommandError, match="no program"):
        _call("export", "qdpx", "--program", "nope", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="codebook is empty"):
        _call("export", "qdc", "--program", "lakeside", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="cannot read"):
        _call("import", "qdc", str(tmp_path / "missing.qdc"), "--program", "lakeside")
    assert qda.theme_counts(world.program) == before


def test_it_backs_up_and_refuses_a_corrupt_restore(world, tmp_path):
    path = tmp_path / "b.zip"
    assert "backed up" in _call("backup", str(path), "--program", "lakeside")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CommandError, match="not a zip|damaged"):
        _call("restore", str(path))
