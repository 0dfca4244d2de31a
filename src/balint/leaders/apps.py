from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_ready_made_paths(sender, using: str = "default", **kwargs) -> None:
    """Like Django's permissions: after every migrate, the ready-made paths match their JSON files."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from balint.leaders.models import CertificationPath
    from balint.leaders.services import builtin_paths_load

    if using != DEFAULT_DB_ALIAS:
        return
    if CertificationPath._meta.db_table not in connections[using].introspection.table_names():
        return
    builtin_paths_load()


class LeadersConfig(AppConfig):
    name = "balint.leaders"
    label = "leaders"
    verbose_name = "Leader development"

    def ready(self) -> None:
        post_migrate.connect(_load_ready_made_paths, sender=self, dispatch_uid="leaders_ready_made_paths")
