"""One error shape for the whole API: `{"message": ..., "extra": {...}}`, whatever refused the request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from balint.api.auth import ReadOnlyToken
from balint.api.ratelimit import RateLimited
from balint.core.errors import ApplicationError


class ErrorOut(Schema):
    message: str
    extra: dict[str, Any] = {}


# Every operation documents these; writes add 400 (a rule of the app refused the request).
READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, **READ_ERRORS}


def _reply(
    api: NinjaAPI, request: HttpRequest, status: int, message: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return api.create_response(request, {"message": message, "extra": extra or {}}, status=status)


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where and what, without echoing pydantic's context objects (not always JSON) or the input."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in errors
    ]


def register(api: NinjaAPI) -> None:
    """Map every refusal to the one error shape, with the status it deserves."""

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return _reply(api, request, 400, exc.message, {k: str(v) for k, v in exc.extra.items()})

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _reply(
            api, request, 422, _("The request is not valid."), {"errors": _validation_errors(exc.errors)}
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _reply(
            api,
            request,
            401,
            _("Authentication required: send `Authorization: Bearer <token>` with a live token, or sign in."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="balint"'
        return response

    @api.exception_handler(RateLimited)
    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = _reply(
            api,
            request,
            429,
            _("Too many failed authentications; try again later."),
            {"retry_after": exc.retry_after},
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ReadOnlyToken)
    def read_only(request: HttpRequest, exc: ReadOnlyToken) -> HttpResponse:
        return _reply(api, request, 403, _("This token is read-only; create a token that may write."))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _reply(api, request, 403, str(exc) or _("Your role in this program does not allow this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _reply(api, request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _reply(api, request, exc.status_code, str(exc))
