"""balint backup: every record of the installation, or of one program, into a checksummed zip."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.exchange.services import backup_export_to
from balint.programs.models import Program


class Command(BaseCommand):
    help = (
        "Back up the whole installation, or one program, into a versioned, checksummed zip.\n\n"
        "Examples:\n"
        "  balint backup balint-2026-11-25.zip\n"
        "  balint backup lakeside.zip --program lakeside\n"
        "The file holds every record in clear text (notes, transcripts, memos): keep it like the database.\n"
        "A program backup holds no credentials: its logins come without passwords (set a new one after the "
        "restore), superuser or staff flags, two-factor devices, API tokens or calendar-feed links."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the zip file to write")
        parser.add_argument("--program", help="back up only this program (its slug)")

    def handle(self, *args, **options) -> None:
        program = None
        if options["program"]:
            program = Program.objects.filter(slug=options["program"]).first()
            if program is None:
                raise CommandError(f"no program with the slug {options['program']!r}")
        try:
            with open(options["file"], "wb") as handle:
                summary = backup_export_to(handle, program=program)
                summary.bytes = handle.tell()
        except OSError as error:
            raise CommandError(f"cannot write {options['file']}: {error.strerror}") from None
        self.stdout.write(f"{options['file']}: {summary.line()}.")
