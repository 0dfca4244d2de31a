"""Security headers (a strict Content-Security-Policy), the two-factor step after sign-in, URL auditing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from balint.privacy.audit import audit_url

TWO_FACTOR_PENDING = "balint_two_factor_pending"


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy (the one policy: `settings.CONTENT_SECURITY_POLICY`) and
    Permissions-Policy to every response that lacks them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class TwoFactorMiddleware:
    """Until a person with a confirmed authenticator enters a token, only the token page and sign-out work.

    The flag is set in the session at sign-in (one query then), so other requests cost no query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "session", None) is not None and request.session.get(TWO_FACTOR_PENDING):
            user = request.user
            if user.is_authenticated and not user.is_verified():
                allowed = {reverse("privacy:two_factor_verify"), reverse("logout")}
                if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                    if request.path.startswith("/api/"):
                        return JsonResponse(
                            {"message": _("Two-factor verification is required.")}, status=401
                        )
                    target = reverse("privacy:two_factor_verify")
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            else:
                request.session.pop(TWO_FACTOR_PENDING, None)
        return self.get_response(request)


class AuditMiddleware:
    """Records an AuditEvent for successful requests to URL names registered in balint.privacy.audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and response.status_code < 300 and request.user.is_authenticated:
            audit_url(request, match)
        return response
