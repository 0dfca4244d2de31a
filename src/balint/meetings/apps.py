from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "balint.meetings"
    label = "meetings"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS
        from balint.meetings.home import open_polls_panel

        if open_polls_panel not in HOME_PANEL_PROVIDERS:
            HOME_PANEL_PROVIDERS.append(open_polls_panel)
