"""What an import did, or in a dry run would do: the preview a leader confirms and the command's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from balint.coding.models import Category, Coding, Memo, Source, Theme
from balint.exchange.models import GuidLink
from balint.programs.models import Person, Program


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do); shown as the preview and as the command's summary."""

    file_format: str
    project_name: str = ""
    themes_new: int = 0
    themes_matched: int = 0
    sources_new: int = 0
    sources_matched: int = 0
    codings_new: int = 0
    codings_already: int = 0
    memos_new: int = 0
    memos_already: int = 0
    coders_new: int = 0
    coders_matched: int = 0
    cases_new: int = 0
    cases_matched: int = 0
    attributes_new: int = 0
    # Position unit of the file's selections: which one was used, why, and what it cost.
    positions_unit: str = ""
    positions_label: str = ""
    positions_reason: str = ""
    selections_total: int = 0
    selections_repaired: int = 0
    selections_unplaced: int = 0
    # One entry per user of the file: who their work goes to, and the member it might be (for a leader).
    coders: list[dict[str, str]] = field(default_factory=list)
    unsupported: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def line(self) -> str:
        """One sentence in the active language (the job page, the import command)."""
        counts = {**self.__dict__, "unsupported": len(self.unsupported), "warnings": len(self.warnings)}

        if self.committed:
            text = _(
                "imported {themes_new} new themes ({themes_matched} matched), {sources_new} sources "
                "({sources_matched} already there), {codings_new} codings ({codings_already} already there), "
                "{memos_new} memos, {coders_new} new coders; {unsupported} parts not supported, "
                "{warnings} warnings"
            )
        else:
            text = _(
                "would import {themes_new} new themes ({themes_matched} matched), {sources_new} sources "
                "({sources_matched} already there), {codings_new} codings ({codings_already} already there), "
                "{memos_new} memos, {coders_new} new coders; {unsupported} parts not supported, "
                "{warnings} warnings"
            )
        if self.positions_unit:
            text += _(
                "; positions as {positions_label}, {selections_repaired} selections repaired, "
                "{selections_unplaced} not placed"
            )
        return text.format(**counts)


def theme_counts(program: Program) -> dict[str, int]:
    """Row counts of every analysis table of the program (tests compare them around an import)."""
    return {
        "themes": Theme.objects.filter(program=program).count(),
        "categories": Category.objects.filter(program=program).count(),
        "sources": Source.objects.filter(program=program).count(),
        "codings": Coding.objects.filter(source__program=program).count(),
        "memos": Memo.objects.filter(program=program).count(),
        "links": GuidLink.objects.filter(program=program).count(),
        "persons": Person.objects.count(),
    }
