from django.apps import AppConfig


class LeadersConfig(AppConfig):
    name = "balint.leaders"
    label = "leaders"
    verbose_name = "Leader development"
