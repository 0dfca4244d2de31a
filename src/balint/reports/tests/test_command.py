import pytest
from django.core.management import CommandError, call_command


def test_it_writes_a_pdf_and_an_html_file(world, evaluation, tmp_path, capsys):
    call_command(
        "report",
        "--program",
        "lakeside",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "-o",
        str(tmp_path / "r.pdf"),
        "--date",
        "2025-01-15",
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "6 sessions" in out and "5 coded passages" in out
    call_command(
        "report",
        "--program",
        "lakeside",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "-o",
        str(tmp_path / "r.html"),
        "--by",
        "month",
    )
    assert "Program evaluation report" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--program", "nowhere", "--from", "2024-01-01", "--to", "2024-12-31"], "No program with the slug"),
        (["--program", "lakeside", "--from", "2024-13-01", "--to", "2024-12-31"], "is not a date"),
        (["--program", "lakeside", "--from", "2024-12-31", "--to", "2024-01-01"], "end on or after"),
    ],
)
def test_it_explains_bad_arguments(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "-o", str(tmp_path / "r.pdf"))


def test_it_refuses_an_unknown_file_type(world, tmp_path):
    with pytest.raises(CommandError, match=".pdf or .html"):
        call_command(
            "report",
            "--program",
            "lakeside",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "-o",
            str(tmp_path / "r.docx"),
        )
