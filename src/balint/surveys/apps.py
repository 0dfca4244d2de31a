from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "balint.surveys"
    label = "surveys"
    verbose_name = "Anonymous surveys"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS
        from balint.surveys.panels import home_panels

        if home_panels not in HOME_PANEL_PROVIDERS:
            HOME_PANEL_PROVIDERS.append(home_panels)
