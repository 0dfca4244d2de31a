"""Optional TOTP two-factor sign-in for leaders and admins: enrol with a QR code, then sign-in asks a code."""

import base64

from conftest import PASSWORD
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from balint.privacy.models import AuditEvent


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def code_from_page(page) -> str:
    """A current code from the secret the page shows for typing into an app (as a phone would)."""
    secret = page.context["secret"].replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def sign_in(client, person):
    return client.post(reverse("login"), {"username": person.user.username, "password": PASSWORD})


def enrol(client, person) -> TOTPDevice:
    sign_in(client, person)
    page = client.get(reverse("privacy:two_factor"))
    assert page.status_code == 200
    assert not TOTPDevice.objects.filter(user=person.user).exists()  # opening the page stores nothing
    response = client.post(
        reverse("privacy:two_factor"), {"action": "confirm", "token": code_from_page(page)}
    )
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=person.user)
    assert device.confirmed
    return device


def test_it_shows_a_server_rendered_svg_qr_code(client, world, leader):
    sign_in(client, leader)
    response = client.get(reverse("privacy:two_factor"))
    body = response.content.decode()
    assert "<svg" in body and "<?xml" not in body and "<script>" not in body
    assert response.context["secret"].replace(" ", "")


def test_a_wrong_code_does_not_turn_two_factor_on(client, world, leader):
    sign_in(client, leader)
    client.get(reverse("privacy:two_factor"))
    response = client.post(reverse("privacy:two_factor"), {"action": "confirm", "token": "000000x"})
    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(user=leader.user).exists()


def test_the_page_shows_the_same_secret_until_it_is_confirmed_and_stores_nothing_before(
    client, world, leader
):
    sign_in(client, leader)
    first = client.get(reverse("privacy:two_factor")).context["secret"]
    again = client.get(reverse("privacy:two_factor")).context["secret"]
    assert first == again
    assert not TOTPDevice.objects.filter(user=leader.user).exists()


def test_once_enrolled_sign_in_asks_for_a_code(client, world, leader):
    device = enrol(client, leader)
    client.post(reverse("logout"))
    response = sign_in(client, leader)
    assert response.status_code == 302
    # Every page now leads to the code page until a code is entered.
    programme = reverse("programs:detail", args=[world.program.slug])
    response = client.get(programme)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("privacy:two_factor_verify")
    )
    wrong = client.post(reverse("privacy:two_factor_verify"), {"token": "123456", "next": programme})
    assert wrong.status_code == 422
    assert AuditEvent.objects.filter(action="failed_sign_in", detail="wrong two-factor code").exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    done = client.post(reverse("privacy:two_factor_verify"), {"token": code_for(device), "next": programme})
    assert done.status_code == 302 and done["Location"] == programme
    assert client.get(programme).status_code == 200


def test_the_code_page_refuses_foreign_next_addresses(client, world, leader):
    device = enrol(client, leader)
    client.post(reverse("logout"))
    sign_in(client, leader)
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    done = client.post(
        reverse("privacy:two_factor_verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert done["Location"] == reverse("core:home")


def test_it_can_be_turned_off_with_a_current_code(client, world, leader):
    device = enrol(client, leader)
    device.last_t = -1
    device.save()
    response = client.post(reverse("privacy:two_factor"), {"action": "disable", "token": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader.user).exists()
    assert AuditEvent.objects.filter(action="two_factor", detail="two-factor sign-in turned off").exists()


def test_people_without_two_factor_sign_in_as_before(client, world, leader):
    assert sign_in(client, leader).status_code == 302
    assert client.get(reverse("programs:detail", args=[world.program.slug])).status_code == 200


def test_residents_cannot_enrol(client, world, resident):
    sign_in(client, resident)
    assert client.get(reverse("privacy:two_factor")).status_code == 403


def test_a_persons_own_page_links_to_two_factor_and_nobody_elses_does(client, world):
    client.force_login(world.leader.user)
    own = client.get(reverse("programs:person", args=[world.program.slug, world.leader.code]))
    assert own.status_code == 200 and reverse("privacy:two_factor") in own.content.decode()
    client.force_login(world.administrator.user)
    other = client.get(reverse("programs:person", args=[world.program.slug, world.leader.code]))
    assert other.status_code == 200 and reverse("privacy:two_factor") not in other.content.decode()
