from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate
from django.utils import timezone


def reset_time_zone(**kwargs: object) -> None:
    """A page activates its program's zone (`programs.access.roles_for`); none outlives its request."""
    timezone.deactivate()


def create_cache_table(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """The shared cache lives in a database table that migrations do not make: make it after every
    `migrate` (a no-op once it exists), so a database migrated by any route serves every page."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "balint.core"
    label = "core"
    verbose_name = "Balint core"

    def ready(self) -> None:
        from balint.core import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="balint.core.cache_table")
        request_started.connect(reset_time_zone, dispatch_uid="balint.core.reset_time_zone.start")
        request_finished.connect(reset_time_zone, dispatch_uid="balint.core.reset_time_zone.end")
