"""balint suggest and balint evaluate: CSV in and out with clear errors, measured quality on labelled data."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from balint.coding.models import Coding
from balint.insights.models import Evaluation


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_beats_the_majority_baseline_by_a_clear_margin(labelled_program, world):
    text = run("evaluate", "--program", world.program.slug)
    result = json.loads(run("evaluate", "--program", world.program.slug, "--json"))
    assert Evaluation.objects.count() == 1  # the second call reused the measurement of unchanged data
    for task in ("code", "category", "perspective"):
        figures = result[task]
        assert figures["n_splits"] == 5 and figures["n_samples"] >= 80
        assert figures["macro_f1"] >= figures["baseline_macro_f1"] + 0.3, task
        assert all(0 <= c["precision"] <= 1 and 0 <= c["recall"] <= 1 for c in figures["per_class"].values())
    assert set(result["category"]["per_class"]) == {
        "balint_process", "group_process", "other", "practical_patient_care", "professional_development",
        "structure_logistics", "well_being",
    }  # fmt: skip
    assert result["themes"]["adjusted_rand_index"] > 0.05 and result["themes"]["normalized_mutual_info"] > 0.2
    assert "macro-F1" in text and "precision  recall" in text and "Structure and logistics theme" in text
    assert "adjusted Rand index" in text


def test_it_labels_each_row_of_a_csv_and_keeps_its_columns(labelled_program, world, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "id,text\n1,I felt furious with her and then ashamed of it.\n"
        "2,Clinic ran late so I missed the group.\n3,\n"
        "4,She felt nobody believed her pain.\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    summary = run(
        "suggest",
        "category",
        "--program",
        world.program.slug,
        "--input",
        str(source),
        "--output",
        str(target),
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["id"] for row in rows] == ["1", "2", "3", "4"]
    assert [row["label"] for row in rows][:3] == ["Balint process", "Structure and logistics", ""]
    assert 0 < float(rows[0]["confidence"]) <= 1 and rows[2]["confidence"] == ""
    assert "4 rows" in summary
    run(
        "suggest",
        "perspective",
        "--program",
        world.program.slug,
        "--input",
        str(source),
        "--output",
        str(target),
    )
    labels = [row["label"] for row in csv.DictReader(target.open(encoding="utf-8"))]
    assert (labels[0], labels[2], labels[3]) == ("resident", "", "patient")
    assert Coding.objects.count() == labelled_program.n_codings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,words\n1,hello\n", "no `text` column (found: id, words)"),
        ("text\ncaf\u00e9 au lait\n".encode("latin-1"), "is not UTF-8 text"),
        (b"", "no `text` column (found: no header at all)"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(world, tmp_path, content, message):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("suggest", "category", "--program", world.program.slug, "--input", str(source), "--output", "-")
    assert not (tmp_path / "out.csv").exists()


def test_it_names_an_unknown_program(world, tmp_path):
    with pytest.raises(CommandError, match="no program with the slug 'nowhere'.*lakeside"):
        run("suggest", "themes", "--program", "nowhere")
    with pytest.raises(CommandError, match="no program with the slug"):
        run("evaluate", "--program", "nowhere")


def test_it_prints_candidate_themes(labelled_program, world):
    text = run("suggest", "themes", "--program", world.program.slug, "--scope", "all", "--engine", "tfidf")
    assert "candidate themes from" in text and "terms:" in text and "“" in text
    assert Coding.objects.count() == labelled_program.n_codings
