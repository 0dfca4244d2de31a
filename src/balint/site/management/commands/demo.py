"""`balint demo`: load the demo program into an empty database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balint.core.errors import ApplicationError
from balint.site.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo program (a fictional residency with eighteen months of Balint sessions) into an "
        "empty database. Example: balint demo --force --scale 10"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace an existing demo program (and its people who belong to no other program)",
        )
        parser.add_argument(
            "--scale", type=int, default=1, help="number of groups, each with eleven residents (default 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = demo_load(scale=options["scale"], force=options["force"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(str(summary))
