"""balint manage screen FILES / --jsonl FILE: one JSON line of identifier spans per text."""

from django.core.management.base import BaseCommand, CommandError

from balint.privacy.screening.command import DESCRIPTION, ScreenInputError, add_arguments, run


class Command(BaseCommand):
    help = DESCRIPTION

    def add_arguments(self, parser) -> None:
        add_arguments(parser)

    def handle(self, *args, **options) -> None:
        import argparse
        import sys

        namespace = argparse.Namespace(
            files=options["files"], jsonl=options["jsonl"], roster=options["roster"], text=options["text"]
        )
        try:
            run(namespace, stdin=sys.stdin, stdout=self.stdout)
        except ScreenInputError as error:
            raise CommandError(str(error)) from None
