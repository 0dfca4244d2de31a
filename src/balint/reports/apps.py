from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "balint.reports"
    label = "reports"
    verbose_name = "Reports"
