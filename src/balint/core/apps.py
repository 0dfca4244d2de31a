from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "balint.core"
    label = "core"
    verbose_name = "Balint core"
