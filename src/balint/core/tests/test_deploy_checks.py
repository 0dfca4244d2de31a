"""`check --deploy` warns about what makes a deployment leak: mail kept on the server, any Host accepted,
links built on plain http."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

SAFE = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "ALLOWED_HOSTS": ["balint.example.edu"],
    "SITE_URL": "https://balint.example.edu",
}


def _ids(**changed) -> set[str]:
    with override_settings(**(SAFE | changed)):
        return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("core.")}


def test_a_safe_deployment_raises_none_of_them():
    assert _ids() == set()


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("django.core.mail.backends.console.EmailBackend", "core.E001"),
        ("django.core.mail.backends.filebased.EmailBackend", "core.E001"),
        ("django.core.mail.backends.locmem.EmailBackend", "core.W001"),
        ("django.core.mail.backends.dummy.EmailBackend", "core.W001"),
    ],
)
def test_it_refuses_mail_kept_on_the_server(backend, expected):
    assert _ids(EMAIL_BACKEND=backend) == {expected}


def test_it_refuses_tls_and_ssl_together():
    assert _ids(EMAIL_USE_TLS=True, EMAIL_USE_SSL=True) == {"core.E002"}


@pytest.mark.parametrize(("hosts", "expected"), [(["*"], "core.W003"), ([], "core.W002")])
def test_it_warns_about_wildcard_or_empty_allowed_hosts(hosts, expected):
    assert _ids(ALLOWED_HOSTS=hosts) == {expected}


@pytest.mark.parametrize("url", ["http://balint.example.edu", "balint.example.edu", "https://"])
def test_it_warns_about_a_site_url_without_https(url):
    assert _ids(SITE_URL=url) == {"core.W004"}


def test_the_checks_run_only_with_deploy():
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend", SITE_URL="http://x"
    ):
        assert not {m.id for m in run_checks() if m.id.startswith("core.")}


def test_it_warns_when_postgresql_would_never_refresh_its_statistics():
    from balint.core.checks import autovacuum_warning

    assert autovacuum_warning("default", "on") == []
    (warning,) = autovacuum_warning("default", "off")
    assert warning.id == "core.W005" and "ANALYZE" in warning.hint


@pytest.mark.django_db
def test_the_database_check_reads_the_real_setting():
    from django.db import connection

    messages = {m.id for m in run_checks(databases=["default"]) if m.id == "core.W005"}
    if connection.vendor != "postgresql":
        assert messages == set()  # SQLite has no autovacuum to ask about
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        (setting,) = cursor.fetchone()
    assert messages == ({"core.W005"} if setting != "on" else set())
