"""Bearer tokens act as their person; expired, revoked or unknown tokens are refused; failures are limited."""

import datetime

import time_machine
from conftest import PASSWORD
from django.test import Client, override_settings
from django.utils import timezone

from balint.api.models import ApiToken, AuthFailure
from balint.api.services import api_token_create

from .conftest import api_get, api_post, bearer


def test_a_token_acts_as_its_person_with_their_roles(client, world, leader, token_for):
    body = api_get(client, "/me", token_for(leader)).json()
    assert body["person"]["full_name"] == leader.full_name
    assert body["programs"] == [
        {
            "code": str(world.program.code),
            "slug": "lakeside",
            "name": world.program.name,
            "institution": world.program.institution,
            "specialty": world.program.specialty,
            "time_zone": world.program.time_zone,
            "roles": ["leader"],
        }
    ]
    assert body["token"]["read_only"] is True


def test_it_notes_when_a_token_was_last_used(client, leader):
    new = api_token_create(person=leader, name="Dashboard")
    assert new.token.last_used_at is None
    api_get(client, "/me", new.secret)
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_an_expired_token_is_refused(client, leader):
    new = api_token_create(person=leader, name="Dashboard", expires_in_days=30)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = api_get(client, "/me", new.secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_login_is_refused(client, leader, token_for):
    token = token_for(leader)
    leader.user.is_active = False
    leader.user.save()
    assert api_get(client, "/me", token).status_code == 401


def test_a_token_loses_a_role_the_person_loses(client, world, leader, token_for):
    token = token_for(leader)
    assert api_get(client, f"/sessions/{world.past_meeting.code}/notes", token).status_code == 200
    world.group.leaders.remove(leader)
    assert api_get(client, f"/sessions/{world.past_meeting.code}/notes", token).status_code == 403


def test_a_read_only_token_cannot_write(client, world, leader, token_for):
    body = {"person": str(world.resident.code), "status": "late", "reason": "clinic_late"}
    response = api_post(client, f"/sessions/{world.past_meeting.code}/attendance", token_for(leader), body)
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    writer = token_for(leader, read_only=False)
    response = api_post(client, f"/sessions/{world.past_meeting.code}/attendance", writer, body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "late"


def test_no_credentials_is_a_401_in_the_error_shape(client):
    response = api_get(client, "/programs")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}


def test_a_signed_in_session_works_and_writes_need_the_csrf_token(world, leader):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=leader.user.username, password=PASSWORD)
    assert api_get(browser, "/programs").status_code == 200
    body = {"person": str(world.resident.code), "status": "late"}
    response = api_post(browser, f"/sessions/{world.past_meeting.code}/attendance", None, body)
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_a_bearer_token_needs_no_csrf_token(world, leader, token_for):
    machine = Client(enforce_csrf_checks=True)
    body = {"person": str(world.resident.code), "status": "on_time"}
    token = token_for(leader, read_only=False)
    response = api_post(machine, f"/sessions/{world.past_meeting.code}/attendance", token, body)
    assert response.status_code == 200


@override_settings(API_AUTH_FAILURES_PER_IP=5, API_AUTH_FAILURES_PER_PREFIX=100)
def test_failed_authentication_is_limited_per_address(client, leader, token_for):
    good = token_for(leader)
    for n in range(5):
        assert api_get(client, "/me", f"blt_0000000{n}_{'x' * 43}").status_code == 401
    refused = api_get(client, "/me", "wrong")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert refused.json() == {
        "message": "Too many failed authentications; try again later.",
        "extra": {"retry_after": int(refused["Retry-After"])},
    }
    # Once limited, even a correct token from that address waits: a guesser learns nothing more.
    assert api_get(client, "/me", good).status_code == 429
    # Another address is not affected.
    assert api_get(client, "/me", good, REMOTE_ADDR="10.0.0.9").status_code == 200
    # The window passes and the address may try again.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=601)):
        assert api_get(client, "/me", good).status_code == 200


@override_settings(API_AUTH_FAILURES_PER_IP=1000, API_AUTH_FAILURES_PER_PREFIX=3)
def test_failed_authentication_is_limited_per_token_prefix_across_addresses(client, leader):
    new = api_token_create(person=leader, name="Dashboard")
    guess = new.secret[:-4] + "AAAA"
    for n in range(3):
        assert api_get(client, "/me", guess, REMOTE_ADDR=f"10.0.1.{n}").status_code == 401
    assert api_get(client, "/me", guess, REMOTE_ADDR="10.0.2.1").status_code == 429
    assert api_get(client, "/me", new.secret, REMOTE_ADDR="10.0.2.2").status_code == 429
    other = api_token_create(person=leader, name="Other")
    assert api_get(client, "/me", other.secret, REMOTE_ADDR="10.0.2.3").status_code == 200


def test_the_counters_live_in_the_database_for_every_process(client, token_for):
    for _ in range(3):
        api_get(client, "/me", "blt_abcdef01_" + "y" * 43)
    counts = dict(AuthFailure.objects.values_list("key", "count"))
    assert counts == {"ip:127.0.0.1": 3, "prefix:abcdef01": 3}


def test_a_session_without_a_token_header_is_not_counted_as_a_failure(client, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    for _ in range(3):
        api_get(client, "/programs")
    client.logout()
    for _ in range(3):
        assert api_get(client, "/programs").status_code == 401
    assert not AuthFailure.objects.exists()


def test_a_token_header_for_another_scheme_is_not_a_bearer_token(client, leader):
    response = client.get("/api/v1/me", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert response.status_code == 401
    assert not AuthFailure.objects.exists()
    assert ApiToken.objects.count() == 0 and bearer("x")
