"""balint screen FILE prints the spans as JSON character offsets."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_spans_with_character_offsets(tmp_path):
    text = "Zoë said Dr. Smith saw her on 3/14/2024; call 555-123-4567."
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    spans = run(str(path))
    assert {"start", "end", "kind"} == set(spans[0])
    found = {(text[s["start"] : s["end"]], s["kind"]) for s in spans}
    assert ("Smith", "NAME") in found
    assert ("3/14/2024", "DATE") in found
    assert ("555-123-4567", "PHONE") in found


def test_it_uses_roster_names_and_can_show_the_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Quillon Vantrever presented.", encoding="utf-8")
    assert run(str(path)) == [] or all(s["kind"] != "NAME" for s in run(str(path)))
    spans = run(str(path), "--roster", "Quillon Vantrever", "--text")
    assert spans[0]["kind"] == "NAME" and spans[0]["text"].startswith("Quillon")


def test_it_prints_an_empty_list_for_clean_text(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("The group explored frustration and trust.", encoding="utf-8")
    assert run(str(path)) == []


def test_it_refuses_missing_and_binary_files(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "absent.txt"))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(binary))
