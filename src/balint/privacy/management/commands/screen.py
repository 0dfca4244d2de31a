"""balint screen FILE: print the identifier spans of a text file as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balint.privacy.screening import screen


class Command(BaseCommand):
    help = (
        "Print the patient-identifier spans found in a UTF-8 text file as JSON "
        '[{"start": ..., "end": ..., "kind": ...}] (character offsets). '
        "Example: balint screen note.txt --roster 'Rita Resident' --text"
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("file", help="UTF-8 text file, or - for standard input")
        parser.add_argument(
            "--roster", action="append", default=[], help="a person's full name to look for (repeatable)"
        )
        parser.add_argument("--text", action="store_true", help="also print each span's text and score")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        name = options["file"]
        try:
            if name == "-":
                import sys

                text = sys.stdin.read()
            else:
                text = Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"No such file: {name}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not UTF-8 text (byte {error.start}).") from None
        except IsADirectoryError:
            raise CommandError(f"{name} is a folder, not a text file.") from None
        spans = screen(text, roster_names=options["roster"])
        rows = []
        for span in spans:
            row = {"start": span.start, "end": span.end, "kind": span.kind}
            if options["text"]:
                row.update(text=span.text, score=round(span.score, 3))
            rows.append(row)
        self.stdout.write(json.dumps(rows, ensure_ascii=False))
