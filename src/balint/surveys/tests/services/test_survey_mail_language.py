"""Survey e-mails are written in each resident's language, else the program's default, else English."""

import pytest
from django.core import mail

from balint.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


def _mail_to(person) -> mail.EmailMessage:
    return next(m for m in mail.outbox if m.to == [person.email])


def test_it_writes_each_invitation_in_the_residents_own_language(world, django_capture_on_commit_callbacks):
    world.resident.language = "de"
    world.resident.save(update_fields=["language"])
    world.other_resident.language = "es"
    world.other_resident.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        make_survey(world.group, notify=True)

    german, spanish = _mail_to(world.resident), _mail_to(world.other_resident)
    assert german.subject.startswith("Anonyme Umfrage:") and "Ihr persönlicher Link" in german.body
    assert spanish.subject.startswith("Encuesta anónima:") and "Su enlace personal" in spanish.body


def test_it_falls_back_to_the_programs_default_language(world, django_capture_on_commit_callbacks):
    world.program.default_language = "es"
    world.program.save(update_fields=["default_language"])

    with django_capture_on_commit_callbacks(execute=True):
        make_survey(world.group, notify=True)

    assert _mail_to(world.resident).subject.startswith("Encuesta anónima:")


def test_it_keeps_english_when_neither_the_resident_nor_the_program_chose(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_survey(world.group, notify=True)

    assert _mail_to(world.resident).subject.startswith("Anonymous survey:")
