"""Analysis rounds (immersion–crystallization cycles): open, reflect, close with a frozen snapshot,
compare."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import AnalysisRound, Coding, Source, Theme
from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.models import Person, Program

SNAPSHOT_VERSION = 1


@transaction.atomic
def round_open(*, program: Program, started_on: datetime.date, reflection: str = "") -> AnalysisRound:
    """Open the next round; refused while another round is open."""
    if AnalysisRound.objects.select_for_update().filter(program=program, closed_at__isnull=True).exists():
        raise ApplicationError(_("Close the open round before starting another."))
    number = (AnalysisRound.objects.filter(program=program).aggregate(m=Max("number"))["m"] or 0) + 1
    analysis_round = AnalysisRound(
        program=program, number=number, started_on=started_on, reflection=reflection
    )
    validated(analysis_round)
    analysis_round.save()
    return analysis_round


@transaction.atomic
def round_update(*, analysis_round: AnalysisRound, data: dict[str, Any]) -> AnalysisRound:
    """Change an open round's dates or reflection memo; a closed round is refused."""
    analysis_round = AnalysisRound.objects.select_for_update().get(pk=analysis_round.pk)
    if analysis_round.is_closed:
        raise ApplicationError(_("This round is closed; its snapshot and memo can no longer change."))
    analysis_round, _changed = model_update(
        instance=analysis_round, data=data, fields=["started_on", "ended_on", "reflection"]
    )
    return analysis_round


def codebook_snapshot(*, program: Program) -> dict[str, Any]:
    """The codebook and coding counts as plain JSON: themes (active and merged), counts per theme, coder."""
    themes = list(Theme.objects.filter(program=program).select_related("category", "parent", "merged_into"))
    counts: dict[int, dict[str, int]] = {}
    for theme_id, coder_id, n in (
        Coding.objects.filter(source__program=program)
        .values_list("theme_id", "coder_id")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(theme_id, {})[str(coder_id)] = n
    sources = (
        Coding.objects.filter(source__program=program)
        .values("theme_id")
        .annotate(n=Count("source", distinct=True))
    )
    source_counts = {row["theme_id"]: row["n"] for row in sources}
    return {
        "version": SNAPSHOT_VERSION,
        "taken_at": timezone.now().isoformat(),
        "sources": Source.objects.filter(program=program).count(),
        "codings": Coding.objects.filter(source__program=program).count(),
        "themes": [
            {
                "code": str(t.code),
                "name": t.name,
                "parent": str(t.parent.code) if t.parent else None,
                "category": t.category.name if t.category else "",
                "definition": t.definition,
                "colour": t.colour,
                "active": t.active,
                "merged_into": str(t.merged_into.code) if t.merged_into else None,
                "codings": sum(counts.get(t.pk, {}).values()),
                "by_coder": counts.get(t.pk, {}),
                "sources": source_counts.get(t.pk, 0),
            }
            for t in themes
        ],
    }


@transaction.atomic
def round_close(
    *, analysis_round: AnalysisRound, by: Person, ended_on: datetime.date | None = None
) -> AnalysisRound:
    """Close the round and freeze the codebook snapshot; afterwards nothing about the round can change."""
    analysis_round = AnalysisRound.objects.select_for_update().get(pk=analysis_round.pk)
    if analysis_round.is_closed:
        raise ApplicationError(_("This round is already closed."))
    analysis_round.ended_on = ended_on or analysis_round.ended_on or timezone.localdate()
    analysis_round.snapshot = codebook_snapshot(program=analysis_round.program)
    analysis_round.closed_at = timezone.now()
    analysis_round.closed_by = by
    validated(analysis_round)
    analysis_round.save()
    return analysis_round


@dataclass
class ThemeChange:
    name: str
    before: int
    after: int
    note: str = ""

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass
class RoundComparison:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (theme, merged into)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (theme, old parent, new parent)
    counts: list[ThemeChange] = field(default_factory=list)
    codings_before: int = 0
    codings_after: int = 0


def rounds_compare(*, before: dict[str, Any], after: dict[str, Any]) -> RoundComparison:
    """What changed between two snapshots: themes added, merged, removed, renamed, moved, counts changed."""
    old = {t["code"]: t for t in before["themes"]}
    new = {t["code"]: t for t in after["themes"]}
    name_old = {code: t["name"] for code, t in old.items()}
    name_new = {code: t["name"] for code, t in new.items()}
    result = RoundComparison(codings_before=before["codings"], codings_after=after["codings"])
    for code, theme in new.items():
        was = old.get(code)
        if was is None or not was["active"]:
            if theme["active"]:
                result.added.append(theme["name"])
            continue
        if not theme["active"]:
            target = theme.get("merged_into")
            if target:
                result.merged.append((was["name"], name_new.get(target, "?")))
            else:
                result.removed.append(was["name"])
            continue
        if was["name"] != theme["name"]:
            result.renamed.append((was["name"], theme["name"]))
        if was["parent"] != theme["parent"]:
            result.moved.append(
                (
                    theme["name"],
                    name_old.get(was["parent"], "top level"),
                    name_new.get(theme["parent"], "top level"),
                )
            )
        if was["codings"] != theme["codings"]:
            result.counts.append(ThemeChange(theme["name"], was["codings"], theme["codings"]))
    for code, was in old.items():
        if code not in new and was["active"]:
            result.removed.append(was["name"])
    for code, theme in new.items():
        if code not in old and theme["active"] and theme["codings"]:
            result.counts.append(ThemeChange(theme["name"], 0, theme["codings"], "new"))
    result.counts.sort(key=lambda c: -abs(c.delta))
    return result
