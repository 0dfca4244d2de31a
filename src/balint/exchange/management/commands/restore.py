"""balint restore: a backup into this installation, all or nothing (for the installation's administrators)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.exchange.backup.reader import backup_restore
from balint.privacy.audit import audit_record
from balint.programs.models import Program


class Command(BaseCommand):
    help = (
        "Restore a backup made by `balint backup`, all or nothing; migrates the database first.\n\n"
        "Examples:\n"
        "  DATABASE_URL=postgres://balint@db/balint balint restore balint-2026-11-25.zip\n"
        "  balint restore balint-2026-11-25.zip --replace   (deletes everything here first)\n"
        "A whole-installation backup goes into an empty database unless --replace; a program backup only "
        "into an installation that does not have that program. A damaged or newer backup changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup zip")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every record here first (whole-installation backups)",
        )

    def handle(self, *args, **options) -> None:
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = backup_restore(data, replace=options["replace"])
        except ApplicationError as error:
            raise CommandError(error.message) from None
        audit_record(
            action="restored",
            actor_label="balint restore (command line)",
            object_type="backup",
            program=Program.objects.filter(slug=summary.program).first() if summary.program else None,
            detail=f"{options['file']}: {summary.line()}"[:300],
        )
        self.stdout.write(f"{options['file']}: {summary.line()}.")
