"""Logging helpers wired in the settings' LOGGING."""

import logging
import re


class RefusalsInOneLine(logging.Filter):
    """Django logs every refused request (PermissionDenied, 403) on `django.request` with the exception's
    traceback; a refusal is ordinary, so it keeps its one line ("Forbidden (Permission denied): /path")
    and loses the traceback. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


# Paths whose last part is a secret that signs someone in or answers as them: a one-time survey link, a
# password-reset link, a calendar feed. Matched at the start of a path, after a space or quote (a log line,
# a request line), or after a host (a full URL, e.g. a Referer).
SECRET_IN_PATH = re.compile(
    r"""(?P<before>^|[\s"'(]|//[^/\s"']+)"""
    r"""(?P<prefix>/s/|/accounts/reset/[^/\s"'?#]+/|/calendar/feed/)[^/\s"'?#]+"""
)


def without_secrets(text: str) -> str:
    """The text with the secret part of every one-time link, reset link and feed address replaced by …."""
    return SECRET_IN_PATH.sub(r"\g<before>\g<prefix>…", text)


class SecretsOutOfLogs(logging.Filter):
    """Django logs the path of every response of 400 and above (`django.request`: "Forbidden: /s/<token>/")
    and `runserver` every request line (`django.server`); a one-time survey link opened before its survey
    opens, a reset link or a feed address would otherwise land in the log, still usable."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_secrets(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(without_secrets(a) if isinstance(a, str) else a for a in record.args)
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is a dependency of `balint serve` only
    _GunicornLogger = object


class AccessLogWithoutSecrets(_GunicornLogger):
    """gunicorn's logger (`balint serve --logger-class`), whose access log writes every request line and
    Referer with the secret part of one-time links, reset links and feed addresses replaced by …."""

    def atoms(self, resp, req, environ, request_time):
        found = super().atoms(resp, req, environ, request_time)
        return {
            key: without_secrets(value) if isinstance(value, str) else value for key, value in found.items()
        }
