"""Turns an ApplicationError that escaped a view into a page message (HTML) or a 400."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balint.core.errors import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.headers.get("HX-Request"):
            return render(request, "core/partials/_error.html", {"error": exception}, status=400)
        messages.error(request, exception.message)
        return render(request, "core/error.html", {"error": exception}, status=400)
