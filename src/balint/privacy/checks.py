"""Deployment checks for privacy settings (shown by `balint manage check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from balint.privacy.crypto import keys_from_env


@register(Tags.security, deploy=True)
def encryption_key_from_environment(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """With several app servers every machine needs the same key: it must come from the environment."""
    if keys_from_env():
        return []
    return [
        Warning(
            "The encryption key is read from a key file in BALINT_DATA_DIR.",
            hint="Set BALINT_ENCRYPTION_KEY (the same on every machine) and keep a copy outside the server.",
            id="privacy.W001",
        )
    ]


@register(Tags.security, deploy=True)
def sign_in_throttling_on(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if getattr(settings, "AXES_ENABLED", True):
        return []
    return [Warning("Sign-in throttling (django-axes) is turned off.", id="privacy.W002")]
