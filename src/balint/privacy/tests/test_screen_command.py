"""balint screen FILES / --jsonl FILE prints one JSON line of spans (character offsets) per text."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_prints_spans_with_character_offsets(tmp_path):
    text = "Zoë said Dr. Smith saw her on 3/14/2024; call 555-123-4567."
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    [line] = run(str(path))
    assert line["file"] == str(path)
    assert {"start", "end", "kind"} == set(line["spans"][0])
    found = {(text[s["start"] : s["end"]], s["kind"]) for s in line["spans"]}
    assert ("Smith", "NAME") in found
    assert ("3/14/2024", "DATE") in found
    assert ("555-123-4567", "PHONE") in found


def test_it_uses_roster_names_and_can_show_the_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Quillon Vantrever presented.", encoding="utf-8")
    assert all(s["kind"] != "NAME" for s in run(str(path))[0]["spans"])
    spans = run(str(path), "--roster", "Quillon Vantrever", "--text")[0]["spans"]
    assert spans[0]["kind"] == "NAME" and spans[0]["text"].startswith("Quillon")


def test_it_prints_an_empty_list_for_clean_text(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("The group explored frustration and trust.", encoding="utf-8")
    assert run(str(path))[0]["spans"] == []


def test_it_screens_many_files_and_a_jsonl_file_in_one_run(tmp_path):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("seen by dr okonkwo today", encoding="utf-8")
    second.write_text("Nothing to find here.", encoding="utf-8")
    lines = tmp_path / "texts.jsonl"
    lines.write_text(
        json.dumps({"id": "a", "text": "pager 40417"}) + "\n\n" + json.dumps("WIFE PRISCILLA CALLED") + "\n",
        encoding="utf-8",
    )
    out = run(str(first), str(second), "--jsonl", str(lines), "--text")
    assert [o.get("file") or o.get("id") for o in out] == [str(first), str(second), "a", 3]
    assert [s["text"] for s in out[0]["spans"]] == ["okonkwo"]
    assert out[1]["spans"] == []
    assert [(s["text"], s["kind"]) for s in out[2]["spans"]] == [("40417", "PHONE")]
    assert [(s["text"], s["kind"]) for s in out[3]["spans"]] == [("PRISCILLA", "NAME")]


def test_it_runs_without_setting_up_django_and_starts_quickly(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("daughter maria visited", encoding="utf-8")
    code = (
        "import sys; sys.argv = ['balint', 'screen', sys.argv[1]]\n"
        "from balint.config import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "assert 'django.apps' not in sys.modules or not __import__('django.apps').apps.ready\n"
        "assert 'sklearn' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout)["spans"][0]["kind"] == "NAME"


def test_it_refuses_missing_binary_and_bad_json_input(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "absent.txt"))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(binary))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(CommandError, match='line 1 has no "text"'):
        run("--jsonl", str(bad))
    with pytest.raises(CommandError, match="Name at least one"):
        run()
