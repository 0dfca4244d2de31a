"""What every page's navigation needs."""

from django.http import HttpRequest

from balint.programs.access import person_for, programs_with_page_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Only links a person may follow: residents and transcribers have no program page. The person is the
    # one the view already looked up (remembered for the request), not a query of its own.
    return {"nav_programs": programs_with_page_for(user), "nav_person": person_for(user)}
