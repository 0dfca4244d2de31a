"""Small helpers every app's services use."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError

M = TypeVar("M", bound=models.Model)


def get_object(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """The one object matching the lookup, or Http404 (also for a malformed id)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(
            _("No {verbose_name} matches.").format(verbose_name=queryset.model._meta.verbose_name)
        ) from None


def model_update(*, instance: M, data: dict[str, Any], fields: list[str]) -> tuple[M, bool]:
    """Set the allowed fields from data, validate, save only what changed; returns (instance, changed)."""
    changed = []
    for field in fields:
        if field in data and getattr(instance, field) != data[field]:
            setattr(instance, field, data[field])
            changed.append(field)
    if changed:
        validated(instance)
        update_fields = changed + (["updated_at"] if hasattr(instance, "updated_at") else [])
        instance.save(update_fields=update_fields)
    return instance, bool(changed)


def validated(instance: M, *, trusted: tuple[str, ...] = ()) -> M:
    """Run the model's validation, turning a refusal into an ApplicationError naming the fields.

    `trusted` names fields the service has already checked or set itself (a related object it was given,
    a fresh code): they are not validated again, so no query looks them up and no constraint on them runs.
    """
    try:
        instance.full_clean(exclude=list(trusted) or None)
    except ValidationError as error:
        details = getattr(error, "message_dict", {"__all__": error.messages})
        message = " ".join(msg for msgs in details.values() for msg in msgs)
        raise ApplicationError(message, extra={"fields": details}) from None
    return instance
