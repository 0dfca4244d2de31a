"""The home-page panel: links to the audit trail, the screening check and two-factor sign-in."""

from django.http import HttpRequest


def home_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """Leaders and administrators get links to the audit trail, the screening check and two-factor sign-in."""
    roles = panel.roles
    if not (roles.is_admin or roles.is_leader):
        return []
    return [("privacy/partials/_home_privacy.html", {"show_audit": roles.is_admin})]
