"""Privacy services: screening text before storage and recording what the writer decided."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from balint.core.services import validated
from balint.privacy.audit import audit_record
from balint.privacy.models import ScreeningKeep
from balint.privacy.screening import PLACEHOLDERS, Span, redact, screen
from balint.programs.models import Person

REPLACE = "replace"
KEEP = "keep"


@dataclass(frozen=True)
class Decision:
    """What the writer chose for one marked span: replace it with a placeholder, or keep it with a reason."""

    action: str
    reason: str = ""


def span_keys(spans: list[Span]) -> list[str]:
    """A name per span: kind, hash of its text and occurrence number, so edits elsewhere keep it."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for span in spans:
        count = seen.get((span.kind, span.text), 0)
        seen[(span.kind, span.text)] = count + 1
        digest = hashlib.sha256(span.text.encode("utf-8")).hexdigest()[:10]
        keys.append(f"{span.kind.lower()}-{digest}-{count}")
    return keys


@dataclass
class ScreenResult:
    """The screened text: the spans found, the decisions that cover them, and the text to store."""

    original: str
    spans: list[Span]
    decisions: dict[str, Decision]
    keys: list[str] = field(default_factory=list)
    pending: list[Span] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    remembered: set[str] = field(default_factory=set)  # keys kept earlier by someone, not asked again

    @property
    def is_complete(self) -> bool:
        """Every span has a valid decision, so the text may be stored."""
        return not self.pending

    def keyed(self) -> list[tuple[str, Span]]:
        return list(zip(self.keys, self.spans, strict=True))

    @property
    def replaced(self) -> list[Span]:
        return [s for k, s in self.keyed() if self.decisions.get(k, Decision("")).action == REPLACE]

    @property
    def kept(self) -> list[tuple[Span, str]]:
        return [
            (s, self.decisions[k].reason)
            for k, s in self.keyed()
            if self.decisions.get(k, Decision("")).action == KEEP
        ]

    @property
    def text(self) -> str:
        """The text to store: replaced spans become placeholders such as [NAME]; only when complete."""
        if not self.is_complete:
            raise ValueError("Some marked spans still need a decision.")
        return redact(self.original, self.replaced)

    def placeholder(self, span: Span) -> str:
        return PLACEHOLDERS.get(span.kind, f"[{span.kind}]")


def roster_names(program: Any) -> list[str]:
    """Full names of the program's people (all memberships, active or not)."""
    return list(
        Person.objects.filter(memberships__program=program).values_list("full_name", flat=True).distinct()
    )


def marks_in(*, texts: Iterable[str], program: Any) -> int:
    """How many spans the screener marks in these texts, with the program's roster read once."""
    names = roster_names(program)
    return sum(len(screen(text, roster_names=names)) for text in texts if text)


def span_digest(*, program: Any, where: str, span: Span) -> str:
    """A keyed hash of a kept span (never the words): same program, field, kind and text, same digest."""
    value = f"{program.pk}\x00{where}\x00{span.kind}\x00{span.text}"
    return salted_hmac("balint.privacy.screening-keep", value, algorithm="sha256").hexdigest()


def _remembered_keeps(*, program: Any, where: str, spans: list[Span]) -> dict[str, str]:
    """Digest -> reason of the spans someone already kept in this field of this program (one query)."""
    digests = {span_digest(program=program, where=where, span=s) for s in spans}
    remembered: dict[str, str] = {}
    for digest, reason in (
        ScreeningKeep.objects.filter(program=program, where=where, digest__in=digests)
        .order_by("at")
        .values_list("digest", "reason")
    ):
        remembered[digest] = reason  # the latest reason wins
    return remembered


def screen_for_storage(
    *, text: str, program: Any, decisions: Mapping[str, Decision] | None = None, where: str = ""
) -> ScreenResult:
    """Screen text with the program's roster names; the result is complete only when every span is decided.

    A keep decision needs a reason; a decision for a span that is not in the text (the writer edited it)
    is ignored, so the edited text is screened afresh. With `where` (the model and field), a span that a
    writer kept there before, with its reason, counts as kept again without asking, by anyone, while its
    text is unchanged; replacing it is still possible by posting that decision.
    """
    spans = screen(text, roster_names=roster_names(program))
    decisions = dict(decisions or {})
    result = ScreenResult(original=text, spans=spans, decisions={}, keys=span_keys(spans))
    earlier = _remembered_keeps(program=program, where=where, spans=spans) if where and spans else {}
    for key, span in result.keyed():
        decision = decisions.get(key)
        if decision is None and earlier:
            reason = earlier.get(span_digest(program=program, where=where, span=span))
            if reason:
                decision = Decision(KEEP, reason)
                result.remembered.add(key)
        if decision is None or decision.action not in (REPLACE, KEEP):
            result.pending.append(span)
        elif decision.action == KEEP and not decision.reason.strip():
            result.pending.append(span)
            result.errors[key] = _("Say why this should be kept.")
        else:
            result.decisions[key] = Decision(decision.action, decision.reason.strip()[:300])
    return result


@transaction.atomic
def screening_keeps_record(
    *, result: ScreenResult, program: Any, person: Any, where: str
) -> list[ScreeningKeep]:
    """Record each identifier the writer kept (kind, reason and a keyed hash, never the identifier itself).

    A span kept earlier and not asked again (`result.remembered`) is not recorded twice.
    """
    keeps = []
    for key, span in result.keyed():
        decision = result.decisions.get(key)
        if decision is None or decision.action != KEEP or key in result.remembered:
            continue
        keep = validated(
            ScreeningKeep(
                program=program,
                person=person,
                kind=span.kind,
                where=where,
                reason=decision.reason,
                digest=span_digest(program=program, where=where, span=span),
            )
        )
        keep.save()
        keeps.append(keep)
    if keeps:
        audit_record(
            action="changed",
            person=person,
            object_type="screening",
            object_code=where,
            program=program,
            detail=f"kept {len(keeps)} possible identifier(s): " + ", ".join(sorted({k.kind for k in keeps})),
        )
    return keeps
