from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "balint.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS
        from balint.reports.panels import home_panels

        if home_panels not in HOME_PANEL_PROVIDERS:
            HOME_PANEL_PROVIDERS.append(home_panels)
