"""balint import: a REFI-QDA project (.qdpx) or codebook (.qdc) into a program, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.exchange import qda
from balint.programs.models import Person, Program

MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a REFI-QDA project (.qdpx) or codebook (.qdc) into a program, all or nothing.\n\n"
        "Examples:\n"
        "  balint import qdpx project.qdpx --program demo --dry-run   (shows what would be imported)\n"
        "  balint import qdc codebook.qdc --program demo\n"
        "Themes with the same GUID or name are matched, not duplicated; importing twice adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="{qdpx,qdc}")
        for name in ("qdpx", "qdc"):
            sub = formats.add_parser(name, help=f"import a .{name} file")
            sub.add_argument("file", help=f"the .{name} file")
            sub.add_argument("--program", required=True, help="the program's slug")
            sub.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
            sub.add_argument("--deidentified", action="store_true", help="mark the sources as de-identified")
            sub.add_argument(
                "--as", dest="username", help="username of the person importing (unnamed coders)"
            )

    def handle(self, *args, **options) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"no program with the slug {options['program']!r}")
        importer = None
        if options["username"]:
            importer = Person.objects.filter(user__username=options["username"]).first()
            if importer is None or not get_user_model().objects.filter(username=options["username"]).exists():
                raise CommandError(f"no person with the username {options['username']!r}")
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        try:
            summary = qda.refi_import(
                program=program,
                data=data,
                file_format=options["format"],
                importer=importer,
                deidentified=options["deidentified"],
                dry_run=options["dry_run"],
            )
        except ApplicationError as error:
            element = error.extra.get("element")
            raise CommandError(
                f"{error.message}{f' ({element})' if element else ''}; nothing was imported"
            ) from None
        for part in summary.unsupported:
            self.stdout.write(f"  not supported: {part['kind']} {part['name']}: {part['reason']}")
        for warning in summary.warnings:
            self.stdout.write(f"  warning: {warning}")
        self.stdout.write(f"{path.name} into {program.slug}: {summary.line()}.")
