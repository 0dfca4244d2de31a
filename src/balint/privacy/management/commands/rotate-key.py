"""balint rotate-key: re-encrypt every encrypted field under a new key, then print the key line to use."""

from django.core.management.base import BaseCommand, CommandError

from balint.privacy.crypto import new_key
from balint.privacy.rotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every EncryptedTextField of every model under a new key (or --key), one model at a "
        "time and all-or-nothing per model, then print the BALINT_ENCRYPTION_KEY line to use. "
        "Example: balint rotate-key --batch-size 500"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--key",
            default="",
            help="the new key, as --key=KEY (a key may begin with a dash); default: a new one",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows re-encrypted per statement batch"
        )
        parser.add_argument("--print", action="store_true", dest="print_only", help="only print a new key")

    def handle(self, *args, **options) -> None:
        if options["print_only"]:
            self.stdout.write(new_key())
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            report = rotate_all(new=options["key"] or None, batch_size=options["batch_size"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(report.instruction)
