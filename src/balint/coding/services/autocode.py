"""Auto-code: apply one theme to the hits of a search (the hit, its sentence or its paragraph) as one step.

The plan is what the preview shows; applying computes it again inside the transaction, refuses when it no
longer has the number of passages the preview showed, writes through `codings_bulk_create` (so every span
obeys `balint.coding.spans`) and records one `CodingStep` that undo takes back whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balint.coding.models import Coding, CodingStep, Source, Theme
from balint.coding.search import SearchQuery, matches
from balint.coding.services.bulk import CodingDraft, codings_bulk_create
from balint.coding.services.history import step_record
from balint.coding.units import split_units
from balint.core.errors import ApplicationError
from balint.programs.models import Person

UNITS = {"hit": "the hit itself", "sentence": "its sentence", "paragraph": "its paragraph"}
MAX_PASSAGES = 2000
PREVIEW = 100  # passages listed in the preview; all are counted


@dataclass(frozen=True)
class Passage:
    source: Source
    start: int
    end: int
    already: bool  # the person has already coded exactly this span with the theme

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]


@dataclass
class AutocodePlan:
    theme: Theme
    unit: str
    hits: int
    passages: list[Passage]

    @property
    def new(self) -> list[Passage]:
        return [p for p in self.passages if not p.already]

    @property
    def already(self) -> int:
        return len(self.passages) - len(self.new)

    @property
    def sources(self) -> int:
        return len({p.source.pk for p in self.passages})

    @property
    def shown(self) -> list[Passage]:
        return self.passages[:PREVIEW]


def _spread(text: str, spans: list[tuple[int, int]], unit: str) -> list[tuple[int, int]]:
    """Each hit widened to the units (sentences or paragraphs) it touches, each span once, in order."""
    if unit == "hit":
        return list(dict.fromkeys(spans))
    units = split_units(text=text, granularity=unit)
    out: dict[tuple[int, int], None] = {}
    for start, end in spans:
        touched = [u for u in units if u.start < end and u.end > start]
        out[(touched[0].start, touched[-1].end) if touched else (start, end)] = None
    return list(out)


def autocode_plan(
    *, sources: QuerySet[Source], query: SearchQuery, theme: Theme, unit: str, coder: Person
) -> AutocodePlan:
    """What auto-coding would code: every passage, each marked when the person already has it."""
    if unit not in UNITS:
        raise ApplicationError(_("Choose the hit, its sentence or its paragraph."), extra={"field": "unit"})
    if not theme.active:
        raise ApplicationError(
            _("“{name}” is no longer an active theme.").format(name=theme.name), extra={"field": "theme"}
        )
    hits = 0
    found: list[tuple[Source, int, int]] = []
    for source, spans in matches(sources=sources, query=query):
        if source.program_id != theme.program_id:
            continue
        hits += len(spans)
        found.extend((source, start, end) for start, end in _spread(source.text, spans, unit))
        if len(found) > MAX_PASSAGES:
            raise ApplicationError(
                _("More than {MAX_PASSAGES:,} passages would be coded; narrow the search first.").format(
                    MAX_PASSAGES=MAX_PASSAGES
                ),
                extra={"field": "q"},
            )
    mine = set(
        Coding.objects.filter(theme=theme, coder=coder, source__in={s.pk for s, _, _ in found}).values_list(
            "source_id", "start", "end"
        )
    )
    passages = [Passage(source=s, start=a, end=b, already=(s.pk, a, b) in mine) for s, a, b in found]
    return AutocodePlan(theme=theme, unit=unit, hits=hits, passages=passages)


@dataclass(frozen=True)
class AutocodeOutcome:
    step: CodingStep | None
    created: int
    already: int
    refused: int


@transaction.atomic
def autocode_apply(
    *, sources: QuerySet[Source], query: SearchQuery, theme: Theme, unit: str, coder: Person, expected: int
) -> AutocodeOutcome:
    """Code every passage of the plan with the theme for the person, as one step of the analysis log.

    Refused when the plan no longer has `expected` passages (the sources or the codes changed since the
    preview), so nothing is coded that the person did not see counted.
    """
    plan = autocode_plan(sources=sources, query=query, theme=theme, unit=unit, coder=coder)
    if len(plan.passages) != expected:
        raise ApplicationError(
            _("The passages changed since the preview; check the new preview before auto-coding."),
            extra={"expected": expected, "found": len(plan.passages)},
        )
    if not plan.new:
        raise ApplicationError(_("Every passage is already coded with this theme by you; nothing to do."))
    outcomes = codings_bulk_create(
        drafts=[
            CodingDraft(source=p.source, theme=theme, coder=coder, start=p.start, end=p.end) for p in plan.new
        ]
    )
    created = [o.coding for o in outcomes if o.status == "created" and o.coding is not None]
    step = None
    if created:
        sources_count = len({c.source_id for c in created})
        n = len(created)
        what = {
            "hit": ngettext("{n} hit", "{n} hits", n),
            "sentence": ngettext("{n} sentence", "{n} sentences", n),
            "paragraph": ngettext("{n} paragraph", "{n} paragraphs", n),
        }[unit].format(n=n)
        where = ngettext("in {n} source", "in {n} sources", sources_count).format(n=sources_count)
        step = step_record(
            program=theme.program,
            person=coder,
            kind=CodingStep.Kind.AUTOCODE,
            label=(_("Auto-code “{name}” on {what} {where}").format(name=theme.name, what=what, where=where)),
            created=created,
        )
    return AutocodeOutcome(
        step=step,
        created=len(created),
        already=len(plan.passages) - len(plan.new) + sum(1 for o in outcomes if o.status == "already"),
        refused=sum(1 for o in outcomes if o.status == "refused"),
    )
