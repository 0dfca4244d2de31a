"""What the programs' pages share: a form page shown again after a POST answers 422 (input refused)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(request, template, context, status=status)
