"""Sessions expire after an hour without a request, and a signed-in request does not write its session
each time (at most once a minute)."""

import datetime

import time_machine
from conftest import PASSWORD
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HOME = "core:home"


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(HOME)).status_code == 200
    return sum(
        "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
        for q in captured.captured_queries
    )


def test_it_saves_a_used_session_at_most_once_a_minute(client, world):
    with time_machine.travel(datetime.datetime(2030, 3, 4, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert client.login(username=world.leader.user.username, password=PASSWORD)
        assert _session_writes(client) == 1  # the first request stamps the session
        assert _session_writes(client) == 0
        clock.shift(datetime.timedelta(seconds=30))
        assert _session_writes(client) == 0
        clock.shift(datetime.timedelta(seconds=31))
        assert _session_writes(client) == 1  # the idle clock restarts
        assert _session_writes(client) == 0


def test_it_signs_out_after_an_hour_without_a_request_and_not_while_in_use(client, world):
    with time_machine.travel(datetime.datetime(2030, 3, 4, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert client.login(username=world.leader.user.username, password=PASSWORD)
        for _ in range(6):  # three hours of use, a request every half hour
            clock.shift(datetime.timedelta(minutes=30))
            assert client.get(reverse(HOME)).status_code == 200
        clock.shift(datetime.timedelta(minutes=61))
        response = client.get(reverse(HOME))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_visitor_who_is_not_signed_in_gets_no_session_row(client, db):
    from django.contrib.sessions.models import Session

    client.get(reverse("login"))
    assert not Session.objects.exists()


def test_a_session_signed_in_under_djangos_backend_name_stays_signed_in(client, world):
    from django.contrib.auth import BACKEND_SESSION_KEY

    from balint.core import auth

    assert client.login(username=world.leader.user.username, password=PASSWORD)
    session = client.session
    session[BACKEND_SESSION_KEY] = auth.DJANGO_PATH  # as sessions made before balint.core.auth
    session.save()
    assert client.get(reverse(HOME)).status_code == 200
    assert client.session[BACKEND_SESSION_KEY] == auth.PATH


def test_an_unknown_or_expired_session_key_signs_nobody_in(client, world):
    from django.contrib.sessions.models import Session

    assert client.login(username=world.leader.user.username, password=PASSWORD)
    Session.objects.update(expire_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    response = client.get(reverse(HOME))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.cookies["sessionid"] = "no-such-session-key-at-all"
    assert client.get(reverse(HOME)).status_code == 302
