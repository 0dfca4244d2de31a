import pytest
from django.core import mail

from balint.core.errors import ApplicationError
from balint.surveys import services
from balint.surveys.models import Instrument, Invitation
from balint.surveys.tests.factories import answer, make_instrument, make_survey

pytestmark = pytest.mark.django_db


def test_it_invites_every_member_and_mails_links_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        survey = make_survey(world.group, notify=True)

    assert len(callbacks) == 1
    invited = set(Invitation.objects.filter(survey=survey).values_list("person", flat=True))
    assert invited == set(world.group.members.values_list("pk", flat=True))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(world.group.members.values_list("email", flat=True))
    invitation = Invitation.objects.get(survey=survey, person=world.resident)
    body = next(m.body for m in mail.outbox if m.to == [world.resident.email])
    assert services.invitation_link(invitation) in body
    assert services.invitation_token(invitation) not in invitation.token_hash


def test_it_sends_no_mail_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_survey(world.group, notify=True)
    assert mail.outbox == [] and len(callbacks) == 1


def test_it_reminds_only_those_who_have_not_answered_and_returns_a_count(
    world, survey, django_capture_on_commit_callbacks
):
    answer(survey, world.resident)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.survey_remind(survey=survey)

    assert isinstance(sent, int) and sent == survey.group.members.count() - 1
    assert world.resident.email not in {m.to[0] for m in mail.outbox}
    assert len(mail.outbox) == sent
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)


def test_it_refuses_an_instrument_of_another_program_or_an_old_version(world):
    foreign = make_instrument(world.other_program, Instrument.Kind.PULSE)
    with pytest.raises(ApplicationError, match="another program"):
        make_survey(world.group, foreign)
    old = make_instrument(world.program, Instrument.Kind.PULSE)
    Instrument.objects.filter(pk=old.pk).update(is_current=False)
    old.refresh_from_db()
    with pytest.raises(ApplicationError, match="current version"):
        make_survey(world.group, old)
