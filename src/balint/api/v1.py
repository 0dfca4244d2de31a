"""The single NinjaAPI (version 1) under /api/v1: auth, error mapping, docs; each domain mounts one Router."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from balint.api import errors
from balint.api.auth import session_auth, token_auth
from balint.api.routers import coding, exchange, meetings, programs, surveys


class VendoredSwagger(Swagger):
    """Swagger UI from vendored files (nothing from a CDN), in a page without inline script or style."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        # Ninja falls back to its CDN template unless "ninja" is an installed app; render ours instead.
        settings = self.settings | {"url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


api = NinjaAPI(
    title="Balint API",
    version="1",
    description=(
        "Programs, groups, sessions, attendance, focus polls, survey results, sources, codebook, codings and "
        "exports of a Balint workspace. Authenticate with `Authorization: Bearer <token>` (create a token on "
        'your person page) or a signed-in session. Errors are `{"message": ..., "extra": {...}}`.'
    ),
    urls_namespace="api",
    auth=[token_auth, session_auth],
    docs=VendoredSwagger(settings={"persistAuthorization": False, "defaultModelsExpandDepth": -1}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.register(api)

api.add_router("", programs.router)
api.add_router("", meetings.router)
api.add_router("", surveys.router)
api.add_router("", coding.router)
api.add_router("", exchange.router)
