from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "balint.programs"
    label = "programs"
    verbose_name = "Programs and people"

    def ready(self) -> None:
        from balint.programs import language  # noqa: F401  (connects the sign-in handler)
