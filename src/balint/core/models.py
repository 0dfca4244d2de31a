"""Shared model base."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Adds created_at / updated_at to every Balint model."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CodedModel(BaseModel):
    """A model addressed in URLs by an unguessable code, never by its id."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


from balint.core.jobs import Job  # noqa: E402, F401  (the model lives with its helpers)
