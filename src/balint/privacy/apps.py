from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "balint.privacy"
    label = "privacy"
    verbose_name = "Privacy"
