"""The home page's extra panels, in the order the page shows them.

Each provider belongs to the app that owns its data and takes (request, panel), where panel is the
site.views.ProgramPanel being filled; it returns a list of (template name, context) pairs, usually empty or
one. The site lists them here rather than the apps registering themselves, so the floors point down.
"""

from django.http import HttpRequest

from balint.coding.panels import home_panel as coding_panel
from balint.leaders.panels import home_panel as leaders_panel
from balint.meetings.home import open_polls_panel
from balint.privacy.panels import home_panel as privacy_panel
from balint.reports.panels import home_panels as reports_panels
from balint.site.search import search_scopes
from balint.studies.panels import home_panel as studies_panel
from balint.surveys.panels import home_panels as surveys_panels


def search_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """Leaders, analysts and administrators (whoever has encrypted text to search) get a search box."""
    if not search_scopes(panel.roles):
        return []
    return [("site/partials/_home_search.html", {})]


HOME_PANEL_PROVIDERS = (
    open_polls_panel,
    surveys_panels,
    coding_panel,
    reports_panels,
    privacy_panel,
    search_panel,
    leaders_panel,
    studies_panel,
)
