"""What every page of the workspace shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from balint.programs.access import Roles
from balint.programs.models import Person, Program


def require_person(roles: Roles) -> Person:
    """The signed-in person; a login without a person (a staff account) may not code."""
    if roles.person is None:
        raise PermissionDenied
    return roles.person


def base(program: Program, roles: Roles, **extra) -> dict:
    """The context every workspace page starts from."""
    return {"program": program, "roles": roles, **extra}


def json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"message": message, "extra": extra}, status=status)
