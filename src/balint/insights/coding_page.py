"""The suggestions the coding page shows beside their passage, to accept or reject there."""

from __future__ import annotations

from django.urls import reverse

from balint.coding.models import Source
from balint.insights import selectors
from balint.insights.models import Suggestion
from balint.programs.access import Roles


def passage_suggestions(source: Source, roles: Roles) -> list[dict]:
    """Pending, confident code suggestions for the source's passages, when the reader may use assistance.

    The same rule as the source's suggestion page: coders only, de-identified sources only, and only
    suggestions whose passage and evidence the reader may all see.
    """
    if not source.deidentified or roles.person is None or not roles.can_code():
        return []
    pending = list(
        Suggestion.objects.filter(
            source=source,
            kind=Suggestion.Kind.CODE,
            status=Suggestion.Status.PENDING,
            abstained=False,
            theme__active=True,
        )
        .select_related("theme")
        .order_by("start", "end", "rank")
    )
    if not pending:  # the usual case: one query, and no need to work out what the reader may see
        return []
    rows = selectors.readable(pending, selectors.visible_source_ids(roles))
    return [
        {
            "id": str(s.code),
            "t": str(s.theme.code),
            "s": s.start,
            "e": s.end,
            "score": round(s.score, 2),
            "why": str((s.explanation or {}).get("text", ""))[:400],
            "accept": reverse("insights:accept", args=[s.code]),
            "reject": reverse("insights:reject", args=[s.code]),
        }
        for s in rows
    ]
