"""The home-page panel: a card linking to the analysis workspace."""

from django.http import HttpRequest

from balint.coding.access import visible_sources
from balint.coding.models import Theme


def home_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """A card linking to the analysis workspace for the program's coders (leaders and analysts)."""
    if not panel.roles.can_code():
        return []
    context = {
        "program": panel.program,
        "sources": visible_sources(panel.roles).count(),
        "themes": Theme.objects.filter(program=panel.program, active=True).count(),
    }
    return [("coding/partials/_home_panel.html", context)]
