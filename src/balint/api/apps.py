from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "balint.api"
    label = "api"
    verbose_name = "API"
