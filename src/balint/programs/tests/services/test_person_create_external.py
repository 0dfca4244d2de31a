"""An imported coder is a person who cannot sign in and belongs to no program."""

import uuid

from django.test import Client

from balint.programs.models import Membership
from balint.programs.services import person_create_external


def test_it_makes_a_person_who_cannot_sign_in_and_holds_no_role(db):
    code = uuid.uuid4()
    person = person_create_external(full_name="  Dr Other Tool  ", code=code)
    person.refresh_from_db()
    assert (person.code, person.full_name, person.email) == (code, "Dr Other Tool", "")
    assert not person.user.is_active and not person.user.has_usable_password()
    assert not Membership.objects.filter(person=person).exists()
    assert not Client().login(username=person.user.username, password="")


def test_it_names_a_nameless_coder_and_gives_a_code_of_its_own(db):
    first, second = person_create_external(full_name=" "), person_create_external(full_name="")
    assert first.full_name == second.full_name == "Imported coder"
    assert first.code != second.code and first.user.username != second.user.username
