from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "balint.programs"
    label = "programs"
    verbose_name = "Programs and people"
