from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "balint.studies"
    label = "studies"
    verbose_name = "Multi-site studies"
