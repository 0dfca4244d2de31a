from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "balint.meetings"
    label = "meetings"
    verbose_name = "Sessions"
