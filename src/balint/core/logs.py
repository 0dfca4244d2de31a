"""Logging helpers wired in the settings' LOGGING."""

import logging


class RefusalsInOneLine(logging.Filter):
    """Django logs every refused request (PermissionDenied, 403) on `django.request` with the exception's
    traceback; a refusal is ordinary, so it keeps its one line ("Forbidden (Permission denied): /path")
    and loses the traceback. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
