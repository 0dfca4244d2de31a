from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "balint.insights"
    label = "insights"
    verbose_name = "Analysis assistance"

    def ready(self) -> None:
        from balint.coding import hooks
        from balint.insights.coding_page import passage_suggestions

        hooks.PASSAGE_SUGGESTIONS.append(passage_suggestions)
