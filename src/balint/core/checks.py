"""Deployment checks for the settings every installation sets (shown by `balint manage check --deploy`)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

# Backends that keep mail on the server: one-time survey links and password-reset links would end up in
# the server's log or files instead of in people's mailboxes.
MAIL_WRITTEN_DOWN = {
    "django.core.mail.backends.console.EmailBackend": "writes every message to the server's log",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message to a file on the server",
}
MAIL_LOST = {
    "django.core.mail.backends.locmem.EmailBackend": "keeps every message in memory and sends nothing",
    "django.core.mail.backends.dummy.EmailBackend": "throws every message away",
}


@register(Tags.security, deploy=True)
def email_backend_sends(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.EMAIL_BACKEND
    hint = (
        "Use django.core.mail.backends.smtp.EmailBackend (the production settings' default) with EMAIL_HOST, "
        "EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS or EMAIL_USE_SSL."
    )
    if backend in MAIL_WRITTEN_DOWN:
        return [
            Error(
                f"EMAIL_BACKEND {MAIL_WRITTEN_DOWN[backend]}: one-time survey links and password-reset "
                "links would be readable there.",
                hint=hint,
                id="core.E001",
            )
        ]
    if backend in MAIL_LOST:
        return [
            Warning(
                f"EMAIL_BACKEND {MAIL_LOST[backend]}: nobody receives any e-mail.", hint=hint, id="core.W001"
            )
        ]
    if getattr(settings, "EMAIL_USE_TLS", False) and getattr(settings, "EMAIL_USE_SSL", False):
        return [Error("EMAIL_USE_TLS and EMAIL_USE_SSL are both on; choose one.", id="core.E002")]
    return []


@register(Tags.security, deploy=True)
def allowed_hosts_named(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts:
        return [
            Warning(
                "ALLOWED_HOSTS is empty: with DEBUG off every request is refused.",
                hint="Set ALLOWED_HOSTS to the host names people use, e.g. balint.example.edu.",
                id="core.W002",
            )
        ]
    if any(host == "*" or host.startswith("*") for host in hosts):
        return [
            Warning(
                "ALLOWED_HOSTS accepts any host ('*'): a forged Host header reaches Balint.",
                hint="List the host names people use, e.g. ALLOWED_HOSTS=balint.example.edu.",
                id="core.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_https(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.netloc:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}, not an https:// address: survey and password-reset links "
            "built from it would travel in clear text.",
            hint="Set SITE_URL to the https:// address people use, e.g. https://balint.example.edu.",
            id="core.W004",
        )
    ]


def autovacuum_warning(alias: str, setting: str) -> list[CheckMessage]:
    """A warning when PostgreSQL's `autovacuum` setting (as `SHOW autovacuum` prints it) is not on."""
    if setting == "on":
        return []
    return [
        Warning(
            f"PostgreSQL's autovacuum is {setting} for the database '{alias}': nothing refreshes the "
            "planner's statistics, so as sources and codings grow the pages read many times the rows they "
            "need (measured at 100x the demo: the theme timeline 68,000 buffers instead of 5,000).",
            hint="Turn it on (autovacuum = on in postgresql.conf), or run ANALYZE after every large import "
            "or restore and regularly; `balint demo` analyses what it loads.",
            id="core.W005",
        )
    ]


@register(Tags.database)
def postgres_autovacuum(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Run with `check --database default` and by `migrate` (Django gives database checks the databases)."""
    found: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            (setting,) = cursor.fetchone()
        found += autovacuum_warning(alias, setting)
    return found
