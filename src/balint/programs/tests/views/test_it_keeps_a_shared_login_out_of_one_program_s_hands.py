"""A login can hold roles in several programs (or be the site's administrator). One program's administrator
who could change its e-mail could then ask for a password reset at that address and sign in as the person,
with every role they hold elsewhere: another program's administrator, or the whole site's. Driven from the
outside: the administrator edits the person through the real page, then asks for a reset there."""

import pytest
from conftest import PASSWORD
from django.core import mail
from django.urls import reverse

from balint.programs.models import Role
from balint.programs.services import membership_grant

EVIL = "attacker@evil.example"


def _edit(client, world, person, email):
    client.force_login(world.administrator.user)
    return client.post(
        reverse("programs:person_edit", args=[world.program.slug, person.code]),
        {"full_name": person.full_name, "email": email, "roles": [Role.LEADER]},
    )


def _reset_mails(client, email) -> list:
    client.logout()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": email})
    return [m for m in mail.outbox if email in m.to]


def test_it_refuses_to_change_the_email_of_a_login_another_program_holds(client, world):
    outsider = world.outsider  # the other program's administrator, leader and analyst
    membership_grant(program=world.program, person=outsider, role=Role.LEADER)
    outsider.user.set_password(PASSWORD)
    outsider.user.save()
    response = _edit(client, world, outsider, EVIL)
    assert response.status_code == 422
    assert "another program" in response.content.decode()
    outsider.refresh_from_db()
    outsider.user.refresh_from_db()
    assert outsider.email != EVIL and outsider.user.email != EVIL
    assert _reset_mails(client, EVIL) == []


def test_it_refuses_to_change_the_email_of_the_site_s_administrator(client, world):
    world.leader.user.is_superuser = world.leader.user.is_staff = True
    world.leader.user.save()
    _edit(client, world, world.leader, EVIL)
    world.leader.user.refresh_from_db()
    assert world.leader.user.email != EVIL
    assert _reset_mails(client, EVIL) == []


@pytest.mark.parametrize("email", ["lee.leader@new.example.org"])
def test_it_still_changes_the_email_of_someone_only_this_program_holds(client, world, email):
    response = _edit(client, world, world.leader, email)
    assert response.status_code == 302
    world.leader.refresh_from_db()
    assert world.leader.email == email and world.leader.user.email == email
    assert len(_reset_mails(client, email)) == 1  # the reset mail would reach whoever holds the address
