"""What every page's navigation needs."""

from django.http import HttpRequest

from balint.programs.access import programs_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_programs": programs_for(user)}
