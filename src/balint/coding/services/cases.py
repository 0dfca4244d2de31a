"""Cases behind passages: a source made of parts, each part a stretch of one case (a survey respondent)."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balint.coding.models import Case, CaseSpan, Source
from balint.coding.services.sources import source_create
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.programs.models import Group, Person, Program

PART_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class CasePart:
    """One part of a source: its text and the case it belongs to, found by `origin` or made with `name`."""

    origin: str
    name: str
    text: str
    attributes: dict[str, str] = field(default_factory=dict)


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


@transaction.atomic
def source_create_with_cases(
    *,
    program: Program,
    kind: str,
    title: str,
    parts: list[CasePart],
    case_kind: str = Case.Kind.RESPONDENT,
    date: datetime.date | None = None,
    group: Group | None = None,
    attributes: dict[str, Any] | None = None,
    origin: str = "",
    created_by: Person | None = None,
) -> Source:
    """One de-identified source whose text is the parts in order (a blank line between), each part a span of
    its case. A case is found by its origin in the program or made; it is never tied to a person."""
    texts = [_normalised(part.text) for part in parts]
    kept = [(part, text) for part, text in zip(parts, texts, strict=True) if text]
    if not kept:
        raise ApplicationError(_("A source needs some text."), extra={"field": "text"})
    if case_kind not in Case.Kind.values:
        raise ApplicationError(
            _("Unknown case kind {case_kind!r}.").format(case_kind=case_kind), extra={"field": "kind"}
        )
    source = source_create(
        program=program,
        kind=kind,
        title=title,
        text=PART_SEPARATOR.join(text for _, text in kept),
        date=date,
        group=group,
        attributes=attributes,
        origin=origin,
        deidentified=True,
        created_by=created_by,
    )
    found = {
        case.origin: case
        for case in Case.objects.filter(
            program=program, origin__in=[part.origin for part, _ in kept if part.origin]
        )
    }
    spans, position = [], 0
    for part, text in kept:
        case = found.get(part.origin) if part.origin else None
        if case is None:
            case = Case(
                program=program,
                kind=case_kind,
                name=part.name[:200] or "Case",
                group=group,
                date=date,
                attributes=dict(part.attributes),
                origin=part.origin,
            )
            validated(case)
            case.save()
            if part.origin:
                found[part.origin] = case
        spans.append(CaseSpan(case=case, source=source, start=position, end=position + len(text)))
        position += len(text) + len(PART_SEPARATOR)
    CaseSpan.objects.bulk_create(spans)
    return source
