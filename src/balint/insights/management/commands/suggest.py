"""balint suggest: category or perspective for each row of a CSV, or the candidate themes of a program."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.core.spreadsheets import csv_text
from balint.insights import selectors
from balint.insights.engine import Passage, candidate_themes
from balint.insights.engine.classify import explain, train_classifier
from balint.insights.models import ThemeRun
from balint.insights.services import semantic_enabled, theme_passages
from balint.programs.models import Program

MAX_INPUT_BYTES = 50 * 1024 * 1024


def program_or_error(slug: str) -> Program:
    """The program with this slug, or a CommandError naming the known ones."""
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        known = ", ".join(Program.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none"
        raise CommandError(f"no program with the slug {slug!r} (known: {known})")
    return program


def read_rows(path: str) -> tuple[list[str], list[dict[str, str]]]:
    """Read a UTF-8 CSV with a `text` column; every refusal names the file and what is wrong."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise CommandError(f"{path} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text (byte {error.start}); save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "text" not in header:
        found = ", ".join(header) if header else "no header at all"
        raise CommandError(f"{path} has no `text` column (found: {found})")
    try:
        rows = list(reader)
    except csv.Error as error:
        raise CommandError(f"{path} is not a valid CSV (line {reader.line_num}): {error}") from None
    return header, rows


class Command(BaseCommand):
    help = (
        "Suggest a category or a perspective for each row of a CSV, or print a program's candidate themes. "
        "Suggestions only: nothing is stored or coded.\n\n"
        "Examples:\n"
        "  balint suggest category --program demo --input passages.csv --output labelled.csv\n"
        "  balint suggest perspective --program demo --input passages.csv --output labelled.csv\n"
        "  balint suggest themes --program demo --engine tfidf\n"
        "The input needs a `text` column; the output repeats every column and adds `label` and `confidence`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{category,perspective,themes}")
        for name, text in [
            ("category", "the codebook category of each passage, learnt from the program's codings"),
            ("perspective", "resident's own experience / patient's experience / other, for each passage"),
        ]:
            sub = kinds.add_parser(name, help=text)
            sub.add_argument("--program", required=True, help="the program's slug")
            sub.add_argument("--input", required=True, help="a UTF-8 CSV file with a `text` column")
            sub.add_argument(
                "--output", required=True, help="the CSV file to write ('-' for standard output)"
            )
        themes = kinds.add_parser("themes", help="candidate themes from the program's de-identified passages")
        themes.add_argument("--program", required=True, help="the program's slug")
        themes.add_argument("--engine", choices=["tfidf", "semantic"], default="tfidf", help="default tfidf")
        themes.add_argument("--scope", choices=["uncoded", "all"], default="uncoded", help="default uncoded")
        themes.add_argument(
            "--themes", type=int, default=None, help="number of themes (default: chosen, 3-12)"
        )

    def handle(self, *args, **options) -> None:
        program = program_or_error(options["program"])
        if options["kind"] == "themes":
            self._themes(program, options)
        else:
            self._label(program, options["kind"], options["input"], options["output"])

    def _label(self, program: Program, task: str, input_path: str, output_path: str) -> None:
        header, rows = read_rows(input_path)
        passages = selectors.coded_passages(sources=selectors.insight_sources(program=program))
        pipeline = train_classifier([(p.text, getattr(p, task)) for p in passages], task=task)
        if pipeline is None:
            raise CommandError(f"not enough labelled passages to suggest a {task}")
        texts = [row.get("text") or "" for row in rows]
        results = explain(pipeline, texts, keep_stop_words=task == "perspective") if texts else []
        names = selectors.category_names(program) if task == "category" else {}
        columns = [c for c in header if c not in {"label", "confidence"}] + ["label", "confidence"]
        labelled = []
        for row, result in zip(rows, results, strict=True):
            blank = not (row.get("text") or "").strip()
            label = "" if blank else names.get(result.label, result.label)
            values = {**row, "label": label, "confidence": "" if blank else f"{result.confidence:.3f}"}
            labelled.append([values.get(column) for column in columns])
        text = csv_text(columns, labelled, lineterminator="\n")  # the one writer: cells escaped
        if output_path == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(output_path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {output_path}: {error.strerror}") from None
        self.stdout.write(
            f"Suggested a {task} for {len(rows)} rows of {input_path} into {output_path} "
            f"(learnt from {len(passages)} coded passages of {program.slug} and the starter set)."
        )

    def _themes(self, program: Program, options: dict) -> None:
        source_ids = sorted(selectors.insight_sources(program=program).values_list("pk", flat=True))
        run = ThemeRun(
            program=program, scope=options["scope"], engine_requested=options["engine"], source_ids=source_ids
        )
        passages: list[Passage] = theme_passages(run=run)
        if len(passages) < 3:
            raise CommandError(f"{program.slug} has fewer than three de-identified passages to group")
        if options["themes"] is not None and not 1 <= options["themes"] <= 50:
            raise CommandError("--themes must be between 1 and 50")
        try:
            result = candidate_themes(
                passages,
                engine=options["engine"],
                n_themes=options["themes"],
                semantic_installed=semantic_enabled(),
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        if result.fallback_reason:
            self.stderr.write(result.fallback_reason)
        self.stdout.write(
            f"{len(result)} candidate themes from {len(passages)} passages of {program.slug} "
            f"(engine {result.engine_used}; suggestions only, nothing stored):"
        )
        for number, theme in enumerate(result, start=1):
            terms = ", ".join(term for term, _ in theme.top_terms[:8])
            self.stdout.write(f"\n{number}. {theme.label} — {theme.size} passages\n   terms: {terms}")
            for quote in theme.quotes:
                self.stdout.write(f"   “{quote.text}”")
