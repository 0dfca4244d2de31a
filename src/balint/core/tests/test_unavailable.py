"""The server-error handler: a lost database is a clear 503, anything else stays Django's 500 page."""

from django.db import connection
from django.db.utils import InterfaceError, OperationalError

from balint.core.unavailable import server_error


def _handled(rf, error: Exception, **headers):
    request = rf.get("/", **headers)
    try:
        raise error
    except Exception:
        return server_error(request)


def test_it_answers_503_with_retry_after_when_the_database_is_unreachable(rf):
    response = _handled(rf, OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"cannot reach its database" in response.content


def test_it_recognises_a_lost_connection_wrapped_in_another_error(rf):
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError as cause:
        wrapped = RuntimeError("while rendering")
        wrapped.__cause__ = cause
    assert _handled(rf, wrapped).status_code == 503


def test_it_answers_json_to_the_api(rf):
    response = _handled(rf, OperationalError("gone"), HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


def test_it_keeps_the_ordinary_500_page_for_other_errors(rf):
    response = _handled(rf, ValueError("a bug"))
    assert response.status_code == 500
    assert b"cannot reach its database" not in response.content


def test_a_database_lost_while_the_session_is_saved_is_503_not_bad_request(client, world):
    """Every signed-in request saves its session (sliding expiry); a database that goes away at that
    moment is the 503 page, not Django's 400 "the session was deleted"."""
    client.force_login(world.leader.user)
    client.raise_request_exception = False

    def gone_while_saving_the_session(execute, sql, params, many, context):
        if sql.startswith('UPDATE "django_session"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(gone_while_saving_the_session):
        response = client.get("/")
    assert response.status_code == 503
    assert b"cannot reach its database" in response.content
    assert client.get("/").status_code == 200  # and the next request is served as usual
