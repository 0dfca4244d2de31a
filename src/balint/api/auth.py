"""Who is calling: a bearer token (acting as its person) or the signed-in session (with CSRF on writes)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from balint.api import ratelimit
from balint.api.models import ApiToken
from balint.api.services import api_token_check, token_prefix
from balint.privacy.audit import client_ip

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadOnlyToken(Exception):
    """A read-only token was used for a write."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer blt_…`; failures are counted per address and per token prefix."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        keys = ratelimit.keys_for(ip=client_ip(request), prefix=token_prefix(token))
        wait = ratelimit.retry_after(keys)
        if wait is not None:
            raise ratelimit.RateLimited(wait)
        found = api_token_check(raw=token)
        if found is None:
            ratelimit.failure_record(keys)
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken
        # The token acts as its person: every access decision below reads request.user.
        request.user = found.person.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


token_auth = TokenAuth()
# The browser session of a signed-in person (the docs page); unsafe methods need the CSRF token.
session_auth = SessionAuth(csrf=True)
