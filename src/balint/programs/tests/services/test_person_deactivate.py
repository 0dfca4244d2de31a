from conftest import PASSWORD
from django.core import mail

from balint.programs.services import person_deactivate, person_reactivate
from balint.surveys.tests.factories import make_survey


def test_it_stops_sign_in_and_invitations_and_keeps_history(client, world):
    person_deactivate(program=world.program, person=world.resident, by=world.administrator)

    assert not client.login(username="resident1", password=PASSWORD)
    assert world.past_meeting.attendances.filter(person=world.resident).exists()
    assert not world.group.has_member(world.resident)
    survey = make_survey(world.group)
    assert not survey.invitations.filter(person=world.resident).exists()
    client.post("/accounts/password_reset/", {"email": world.resident.email})
    assert not mail.outbox  # no set-password mail to a deactivated account

    person_reactivate(program=world.program, person=world.resident)
    assert client.login(username="resident1", password=PASSWORD)


def test_it_refuses_deactivating_oneself(world):
    import pytest

    from balint.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="yourself"):
        person_deactivate(program=world.program, person=world.administrator, by=world.administrator)
