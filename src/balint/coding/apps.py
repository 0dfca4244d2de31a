from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "balint.coding"
    label = "coding"
    verbose_name = "Qualitative analysis"
