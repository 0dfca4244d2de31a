"""`balint screen`: screen many texts in one process and print one JSON line per text.

It needs no database and no Django set-up, so `balint` runs it before loading the project (start-up in
a fraction of a second instead of seconds). The management command `balint manage screen` calls it too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from balint.privacy.screening.screener import screen

DESCRIPTION = (
    "Print the patient-identifier spans found in texts, one JSON line per text: "
    '{"file": ..., "spans": [{"start": ..., "end": ..., "kind": ...}]} (character offsets). '
    "Example: balint screen note1.txt note2.txt --roster 'Rita Resident' --text, or "
    'balint screen --jsonl texts.jsonl where each line is {"id": ..., "text": ...} or a JSON string.'
)


class ScreenInputError(Exception):
    """A file that cannot be read as UTF-8 text, or a JSON line that is not a text."""


def parser() -> argparse.ArgumentParser:
    """The command's options, shared by `balint screen` and the management command."""
    p = argparse.ArgumentParser(prog="balint screen", description=DESCRIPTION)
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the command's arguments to a parser."""
    p.add_argument("files", nargs="*", help="UTF-8 text files, or - for standard input")
    p.add_argument(
        "--jsonl", help='a JSON-lines file (or -): {"id": ..., "text": ..., "roster": [...]} a line'
    )
    p.add_argument(
        "--roster", action="append", default=[], help="a person's full name to look for (repeatable)"
    )
    p.add_argument("--text", action="store_true", help="also print each span's text and score")


def _read(name: str, stdin: TextIO) -> str:
    """Read one text file (or standard input) with a clear error."""
    try:
        return stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScreenInputError(f"No such file: {name}") from None
    except UnicodeDecodeError as error:
        raise ScreenInputError(f"{name} is not UTF-8 text (byte {error.start}).") from None
    except IsADirectoryError:
        raise ScreenInputError(f"{name} is a folder, not a text file.") from None


def _texts(options: argparse.Namespace, stdin: TextIO) -> Iterator[tuple[str, str, str, list[str]]]:
    """Yield (label key, label, text, roster) for every text named on the command line."""
    for name in options.files:
        yield "file", name, _read(name, stdin), []
    if options.jsonl:
        for number, line in enumerate(_read(options.jsonl, stdin).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise ScreenInputError(f"{options.jsonl} line {number} is not JSON ({error.msg}).") from None
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ScreenInputError(f'{options.jsonl} line {number} has no "text" string.')
            roster = item.get("roster") or []
            yield "id", item.get("id", number), item["text"], [str(n) for n in roster]


def run(options: argparse.Namespace, *, stdin: TextIO, stdout: TextIO) -> None:
    """Screen every text and write one JSON line per text."""
    if not options.files and not options.jsonl:
        raise ScreenInputError("Name at least one text file, - for standard input, or --jsonl FILE.")
    for key, label, text, roster in _texts(options, stdin):
        rows = []
        for span in screen(text, roster_names=[*options.roster, *roster]):
            row = {"start": span.start, "end": span.end, "kind": span.kind}
            if options.text:
                row.update(text=span.text, score=round(span.score, 3))
            rows.append(row)
        stdout.write(json.dumps({key: label, "spans": rows}, ensure_ascii=False) + "\n")
        stdout.flush()


def main(argv: Sequence[str]) -> int:
    """Entry point for `balint screen ARGS`."""
    options = parser().parse_args(list(argv))
    try:
        run(options, stdin=sys.stdin, stdout=sys.stdout)
    except ScreenInputError as error:
        print(f"balint screen: {error}", file=sys.stderr)
        return 2
    return 0
