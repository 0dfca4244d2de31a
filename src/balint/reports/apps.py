from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "balint.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from balint.coding import hooks
        from balint.programs.hooks import register
        from balint.reports.builder import min_cell_for

        # The analysis workspace's code x attribute matrix suppresses small cells with the reports' k.
        register(hooks.MIN_CELL, min_cell_for)
