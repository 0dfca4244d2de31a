"""The home-page panel: a leader's progress on the paths they follow."""

from django.http import HttpRequest
from django.utils import timezone

from balint.leaders.selectors import progress_for


def home_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:  # noqa: ANN001
    """Shown once, in the first program where the person leads: the log is the person's, not the program's."""
    if not panel.roles.is_leader or panel.roles.person is None:
        return []
    request_cache = getattr(request, "_leaders_panel_done", False)
    if request_cache:
        return []
    request._leaders_panel_done = True
    return [
        (
            "leaders/partials/_home_panel.html",
            {"progress": progress_for(person=panel.roles.person, today=timezone.localdate())},
        )
    ]
