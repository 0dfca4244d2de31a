"""Read the audit trail for a program's administrators."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from balint.privacy.models import AuditEvent
from balint.programs.models import Person


def audit_events(
    *,
    program: Any,
    person: Any = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The program's events plus its people's sign-ins (which belong to no program), newest first."""
    people = Person.objects.filter(memberships__program=program).values("pk")
    events = AuditEvent.objects.filter(Q(program=program) | Q(program__isnull=True, actor__in=people))
    if person is not None:
        events = events.filter(actor=person)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")
