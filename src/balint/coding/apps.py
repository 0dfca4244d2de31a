from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "balint.coding"
    label = "coding"
    verbose_name = "Qualitative analysis"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS

        HOME_PANEL_PROVIDERS.append(home_panel)


def home_panel(request, panel) -> list:  # noqa: ANN001
    """A card linking to the analysis workspace for the program's coders (leaders and analysts)."""
    if not panel.roles.can_code():
        return []
    from balint.coding.access import visible_sources
    from balint.coding.models import Theme

    context = {
        "program": panel.program,
        # Distinct ids only: counting the distinct whole rows would read every source's text.
        "sources": visible_sources(panel.roles).values("pk").count(),
        "themes": Theme.objects.filter(program=panel.program, active=True).count(),
    }
    return [("coding/partials/_home_panel.html", context)]
