"""The home-page panel: a leader's progress on the paths they follow."""

from django.http import HttpRequest


def home_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """Shown once, in the first program where the person leads: the log is the person's, not the program's."""
    if not panel.roles.is_leader or panel.roles.person is None:
        return []
    request_cache = getattr(request, "_leaders_panel_done", False)
    if request_cache:
        return []
    request._leaders_panel_done = True
    # Progress walks the leader's whole log; the card fetches it after the page shows, so the home page
    # stays fast however many sessions a leader has led.
    return [("leaders/partials/_home_panel_lazy.html", {})]
