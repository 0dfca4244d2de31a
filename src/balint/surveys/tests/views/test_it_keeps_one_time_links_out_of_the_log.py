"""A one-time survey link is a secret that answers as a person: it must never reach the server's log.

Django logs every response of 400 and above on `django.request` with the path ("Forbidden: /s/<token>/"),
and gunicorn's access log writes the path of every request. A link opened before its survey opens (403),
after it closed (410) or mistyped (404) is still, or was, someone's one-time link."""

import inspect
import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from balint.surveys import services
from balint.surveys.models import Invitation
from balint.surveys.tests.factories import make_survey


def _log_text(caplog) -> str:
    return "\n".join(logging.Formatter("%(message)s").format(r) for r in caplog.records)


@pytest.mark.parametrize("opens_in_days, closes_in_days, status", [(1, 8, 403), (-8, -1, 410)])
def test_it_keeps_a_valid_link_out_of_the_request_log(
    client, world, caplog, opens_in_days, closes_in_days, status
):
    survey = make_survey(world.group, opens_in_days=opens_in_days, closes_in_days=closes_in_days)
    token = services.invitation_token(Invitation.objects.get(survey=survey, person=world.resident))
    with caplog.at_level(logging.DEBUG):
        response = client.get(reverse("surveys:link", args=[token]))
    assert response.status_code == status
    assert any(r.name == "django.request" for r in caplog.records)  # the refusal is still logged
    assert token not in _log_text(caplog)
    assert token[:12] not in _log_text(caplog)


def test_it_keeps_a_mistyped_link_out_of_the_request_log(client, world, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get("/s/not-a-real-token-but-maybe-one-letter-off/")
    assert response.status_code == 404
    assert "not-a-real-token" not in _log_text(caplog)


def test_it_keeps_links_and_reset_tokens_out_of_the_access_log(world):
    """The access log `balint serve` writes: gunicorn's, through the logger class it is started with. The
    page of a one-time link loads its stylesheet with the link as Referer, so that is checked too."""
    from gunicorn.config import Config

    from balint.config import cli
    from balint.core.logs import AccessLogWithoutSecrets

    assert "balint.core.logs.AccessLogWithoutSecrets" in inspect.getsource(cli.serve)
    survey = make_survey(world.group)
    token = services.invitation_token(Invitation.objects.get(survey=survey, person=world.resident))
    config = Config()
    config.set("accesslog", "-")
    logger = AccessLogWithoutSecrets(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    reset = "/accounts/reset/MQ/cz7a1b-0123456789abcdef0123456789abcdef/"
    requests = [
        (f"/s/{token}/", "-"),
        ("/static/balint.css", f"https://balint.example.org/s/{token}/"),
        (reset, "-"),
        ("/calendar/feed/feedsecret0123456789.ics", "-"),
    ]
    for path, referer in requests:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "10.0.0.1",
            "HTTP_REFERER": referer,
        }
        headers = [("REFERER", referer)]
        logger.access(SimpleNamespace(status="200 OK", sent=120, headers=()), headers, environ, timedelta(0))
    written = stream.getvalue()
    assert written.count("GET") == 4
    for secret in (token, token[:12], "0123456789abcdef", "feedsecret"):
        assert secret not in written
    assert '"GET /s/…/ HTTP/1.1"' in written and "https://balint.example.org/s/…/" in written
    assert "/static/balint.css" in written  # the rest of the line stays
