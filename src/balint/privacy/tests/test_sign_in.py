"""Sign-in throttling (django-axes by username and address), session expiry and secure-cookie settings."""

from conftest import PASSWORD
from django.test import override_settings
from django.urls import reverse

from balint.privacy.models import AuditEvent


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_locks_out_a_username_from_an_address_after_repeated_failures(client, world):
    for _ in range(3):
        attempt(client, "leader1", "wrong")
    locked = attempt(client, "leader1", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert not AuditEvent.objects.filter(action="signed_in").exists()
    # The same person from another address, and another person from the same address, still get in.
    assert attempt(client, "leader1", PASSWORD, ip="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert attempt(client, "leader2", PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_resets_the_failure_count(client, world):
    attempt(client, "leader1", "wrong")
    attempt(client, "leader1", "wrong")
    assert attempt(client, "leader1", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    attempt(client, "leader1", "wrong")
    attempt(client, "leader1", "wrong")
    assert attempt(client, "leader1", PASSWORD).status_code == 302


def test_it_expires_sessions_after_inactivity(settings):
    # The idle expiry itself: balint/core/tests/test_sessions.py (saved at most once a minute while used).
    assert settings.SESSION_ENGINE == "balint.core.sessions"
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_it_keeps_the_password_validators(settings):
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "UserAttributeSimilarityValidator"} <= names


def test_it_takes_the_client_address_from_the_trusted_proxy_only(rf, settings):
    from balint.privacy.audit import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the entry our proxy added; 6.6.6.6 may be forged
    assert client_ip(rf.get("/", REMOTE_ADDR="not-an-ip")) is None
