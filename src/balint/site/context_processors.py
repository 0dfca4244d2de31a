"""What every page's navigation needs."""

from django.http import HttpRequest

from balint.programs.access import programs_with_page_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Only links a person may follow: residents and transcribers have no program page.
    return {"nav_programs": programs_with_page_for(user)}
