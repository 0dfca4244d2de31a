from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "balint.insights"
    label = "insights"
    verbose_name = "Analysis assistance"
