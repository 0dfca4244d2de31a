"""The server-error handler: a lost database connection is a 503 "try again shortly" page, not a 500.

Wired as `handler500` in the root URLconf. Django calls it inside the `except` block of the failed
request, so the exception is at hand. The 503 page is plain HTML with no template, context
processor or query, because the database it would need is the thing that is missing.
"""

import json
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

UNAVAILABLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Balint is briefly unavailable</title></head>
<body><main><h1>Balint is briefly unavailable</h1>
<p>Balint cannot reach its database right now. Nothing you sent in this request was saved
partially: it was either stored whole or not at all. Please try again in a minute.</p>
</main></body></html>
"""
RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """True when the error (or what caused it) is a lost or refused database connection."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After when the database is unreachable; Django's own 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            response = HttpResponse(
                json.dumps({"message": _("Balint cannot reach its database; try again shortly.")}),
                status=503,
                content_type="application/json",
            )
        else:
            response = HttpResponse(UNAVAILABLE, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request)
