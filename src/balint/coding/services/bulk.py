"""Many codings at once (an import from another tool): the one bulk writer of codings, under the span rule."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import Coding, Source, Theme
from balint.coding.spans import span_check, whole_characters
from balint.core.errors import ApplicationError
from balint.programs.models import Person

BATCH = 2000


@dataclass(frozen=True)
class CodingDraft:
    """A coding to add: a theme on [start, end) of a source for a coder, as another tool placed it.

    `code` is the coding's code when the caller needs a given one (a GUID it keeps), `created_at` the time
    the coding was made elsewhere (none in the future is kept; without one, now).
    """

    source: Source
    theme: Theme
    coder: Person
    start: int
    end: int
    perspective: str = ""
    code: uuid.UUID | None = None
    created_at: datetime.datetime | None = None


@dataclass(frozen=True)
class DraftOutcome:
    """What became of one draft: "created" (with the coding), "already" there, or "refused" (with why)."""

    status: str
    coding: Coding | None = None
    repaired: bool = False  # an end inside a character of several code points was widened to the whole one
    message: str = ""


@transaction.atomic
def codings_bulk_create(*, drafts: Sequence[CodingDraft]) -> list[DraftOutcome]:
    """Add the drafts in a few queries, one outcome per draft in order; each span obeys `coding.spans`.

    A boundary inside a character of several code points is widened to the whole character; a span still
    refused by `span_check` (empty, blank, out of range) is left out with its reason; a coding the source
    already has for the same theme, coder and span (or an earlier draft) is not added twice. A theme of
    another program or an unknown perspective refuses the whole call.
    """
    for draft in drafts:
        if draft.theme.program_id != draft.source.program_id:
            raise ApplicationError(
                _("“{name}” is not a theme of this codebook.").format(name=draft.theme.name),
                extra={"theme": str(draft.theme.code)},
            )
        if draft.perspective not in Coding.Perspective.values:
            raise ApplicationError(_("Unknown perspective."), extra={"field": "perspective"})
    source_ids = {draft.source.pk for draft in drafts}
    seen = set(
        Coding.objects.filter(source__in=source_ids).values_list(
            "source_id", "theme_id", "coder_id", "start", "end"
        )
    )
    outcomes: list[DraftOutcome] = []
    new: list[tuple[Coding, datetime.datetime | None]] = []
    for draft in drafts:
        text, start, end = draft.source.text, draft.start, draft.end
        if 0 <= start < end <= len(text):
            start, end = whole_characters(text, start, end)
        repaired = (start, end) != (draft.start, draft.end)
        try:
            quote = span_check(text=text, start=start, end=end)
        except ApplicationError as error:
            outcomes.append(DraftOutcome("refused", repaired=repaired, message=error.message))
            continue
        key = (draft.source.pk, draft.theme.pk, draft.coder.pk, start, end)
        if key in seen:
            outcomes.append(DraftOutcome("already", repaired=repaired))
            continue
        seen.add(key)
        coding = Coding(
            source=draft.source,
            theme=draft.theme,
            coder=draft.coder,
            start=start,
            end=end,
            quote=quote,
            perspective=draft.perspective,
        )
        if draft.code is not None:
            coding.code = draft.code
        new.append((coding, draft.created_at))
        outcomes.append(DraftOutcome("created", coding=coding, repaired=repaired))
    Coding.objects.bulk_create([coding for coding, _ in new], batch_size=BATCH)
    _keep_creation_dates(new)
    return outcomes


def _keep_creation_dates(dated: list[tuple[Coding, datetime.datetime | None]]) -> None:
    """Put back the creation times given (bulk_create stamps now); none lies in the future."""
    if dated and dated[0][0].pk is None:  # backends that do not return ids from bulk inserts
        codes = [coding.code for coding, _ in dated]
        ids: dict[uuid.UUID, int] = {}
        for start in range(0, len(codes), BATCH):
            ids.update(Coding.objects.filter(code__in=codes[start : start + BATCH]).values_list("code", "pk"))
        for coding, _ in dated:
            coding.pk = ids[coding.code]
    dated = [(coding, when) for coding, when in dated if when is not None]
    if not dated:
        return
    now = timezone.now()
    for coding, when in dated:
        coding.created_at = min(when, now)
    Coding.objects.bulk_update([coding for coding, _ in dated], ["created_at"], batch_size=BATCH)
