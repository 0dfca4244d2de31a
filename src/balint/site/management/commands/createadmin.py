import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from balint.programs.models import Person, Program, Role
from balint.programs.services import membership_grant


class Command(BaseCommand):
    help = (
        "Create a site administrator (Django staff and superuser) who can also administer a program. "
        "Example: balint createadmin alice --email alice@example.org --program demo "
        "(the password is asked for, or read from BALINT_ADMIN_PASSWORD)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="Full name (default: the username)")
        parser.add_argument("--program", help="Slug of a program this person administers")

    def handle(self, *args, username: str, email: str, name: str, program: str | None, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        target = None
        if program:
            target = Program.objects.filter(slug=program).first()
            if target is None:
                raise CommandError(f"No program with the slug {program!r}.")
        password = os.environ.get("BALINT_ADMIN_PASSWORD") or self._ask_password()
        user = User(username=username, email=email, is_staff=True, is_superuser=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            person = Person.objects.create(user=user, full_name=name or username, email=email)
            if target:
                membership_grant(program=target, person=person, role=Role.ADMIN)
        self.stdout.write(f"Created administrator {username}" + (f" of {target}" if target else "") + ".")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
