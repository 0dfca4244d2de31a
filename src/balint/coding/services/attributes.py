"""Program-defined attributes and the values sources and cases carry for them."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from balint.coding.models import Attribute, Case, Source
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Program

BUILTIN_NAMES = {"source kind", "date", "group", "cohort", "training year", "site"}
MAX_PROGRAM_ATTRIBUTES = 30
MAX_CHOICES = 40


@transaction.atomic
def attribute_create(
    *, program: Program, name: str, type: str, choices: list[str] | None = None
) -> Attribute:
    """Define an attribute; its name is unique in the program and never a built-in's, a choice offers 2-40."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the attribute a name."), extra={"field": "name"})
    if name.lower() in BUILTIN_NAMES:
        raise ApplicationError(
            _("“{name}” is a built-in attribute, filled from the program's data.").format(name=name),
            extra={"field": "name"},
        )
    existing = Attribute.objects.filter(program=program)
    if existing.filter(name__iexact=name).exists():
        raise ApplicationError(
            _("The program already has an attribute “{name}”.").format(name=name), extra={"field": "name"}
        )
    if existing.count() >= MAX_PROGRAM_ATTRIBUTES:
        raise ApplicationError(
            _("A program has at most {MAX_PROGRAM_ATTRIBUTES} attributes.").format(
                MAX_PROGRAM_ATTRIBUTES=MAX_PROGRAM_ATTRIBUTES
            ),
            extra={"field": "name"},
        )
    if type not in Attribute.Type.values:
        raise ApplicationError(
            _("Unknown attribute type {type!r}.").format(type=type), extra={"field": "type"}
        )
    labels = [c.strip()[:200] for c in (choices or []) if c.strip()] if type == Attribute.Type.CHOICE else []
    if type == Attribute.Type.CHOICE and not 2 <= len(labels) <= MAX_CHOICES:
        raise ApplicationError(
            _("A choice attribute offers between 2 and {MAX_CHOICES} values, one per line.").format(
                MAX_CHOICES=MAX_CHOICES
            ),
            extra={"field": "choices"},
        )
    if len({label.lower() for label in labels}) != len(labels):
        raise ApplicationError(_("Each choice appears once."), extra={"field": "choices"})
    position = (existing.aggregate(m=Max("position"))["m"] or 0) + 1
    attribute = Attribute(program=program, name=name, type=type, choices=labels, position=position)
    validated(attribute)
    attribute.save()
    return attribute


def value_clean(attribute: Attribute, raw: str) -> str:
    """The value as stored (a number plainly, a date as YYYY-MM-DD, a choice as offered); "" clears it."""
    text = (raw or "").strip()
    if not text:
        return ""
    if attribute.type == Attribute.Type.NUMBER:
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ApplicationError(
                _("{name}: “{value}” is not a number.").format(name=attribute.name, value=text[:40]),
                extra={"field": attribute.name},
            )
        return format(number.normalize(), "f") if number == number.to_integral() else str(number)
    if attribute.type == Attribute.Type.DATE:
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ApplicationError(
                _("{name}: give a date as YYYY-MM-DD.").format(name=attribute.name),
                extra={"field": attribute.name},
            ) from None
    if attribute.type == Attribute.Type.CHOICE:
        if text not in attribute.choices:
            raise ApplicationError(
                _("{name}: “{value}” is not one of its choices.").format(
                    name=attribute.name, value=text[:40]
                ),
                extra={"field": attribute.name},
            )
        return text
    return text[:200]


@transaction.atomic
def attribute_values_set(*, row: Source | Case, values: dict[str, str]) -> dict[str, str]:
    """Set the program-defined attributes of a source or case by name (others it carries stay as they are).

    Every value is checked against its attribute's type first: one bad value changes nothing.
    """
    defined = {a.name: a for a in Attribute.objects.filter(program_id=row.program_id)}
    unknown = sorted(set(values) - set(defined))
    if unknown:
        raise ApplicationError(
            _("No such attribute: {value}.").format(value=unknown[0]), extra={"field": unknown[0]}
        )
    cleaned = {name: value_clean(defined[name], raw) for name, raw in values.items()}
    model = type(row)
    locked = model.objects.select_for_update().get(pk=row.pk)
    attributes = dict(locked.attributes or {})
    for name, value in cleaned.items():
        if value:
            attributes[name] = value
        else:
            attributes.pop(name, None)
    locked.attributes = attributes
    locked.save(update_fields=["attributes", "updated_at"])
    row.attributes = attributes
    return attributes
