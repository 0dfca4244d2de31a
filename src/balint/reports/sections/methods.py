"""How the report was made: what it counts, who coded, and how far the coders agreed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from balint.coding.models import Source
from balint.coding.people import coder_label
from balint.coding.selectors import CodingRow, source_counts
from balint.coding.selectors import agreement as coding_agreement
from balint.meetings.models import Meeting
from balint.meetings.selectors import note_count
from balint.programs.models import Person, Program
from balint.reports.sections.attendance import Sessions
from balint.reports.sections.scope import Scope
from balint.reports.sections.surveys import SurveySummary


@dataclass
class AgreementSummary:
    coders: list[str]
    sources: int
    units: int
    granularity: str
    percent: str
    kappa: str
    alpha: str
    note: str = ""


@dataclass
class Methods:
    sessions_held: int
    sessions_cancelled: int
    attendance_marks: int
    notes: int
    surveys: int
    surveys_shown: int
    transcripts: int
    sources: list[tuple[str, int]]
    undated_sources: int
    codings: int
    themes_used: int
    coders: list[tuple[str, int]]
    agreement: AgreementSummary | None
    k: int


def _figure(figure) -> str:
    return "–" if figure.value is None else f"{figure.value:.2f}"


def methods_summary(
    scope: Scope,
    sessions: Sessions,
    surveys: list[SurveySummary],
    codings: list[CodingRow],
    *,
    coder_names: bool,
) -> Methods:
    program = scope.program
    sources, by_kind, undated = source_counts(
        program=program, date_from=scope.date_from, date_to=scope.date_to, group=scope.group
    )
    coder_counts = Counter(row.coder_id for row in codings)
    people = {p.pk: p for p in Person.objects.filter(pk__in=coder_counts)}
    names = {
        pk: coder_label(program=program, person=person, identities=coder_names)
        for pk, person in people.items()
    }
    coders = sorted(((names[pk], n) for pk, n in coder_counts.items()), key=lambda c: (-c[1], c[0]))
    agreement = None
    if len(coder_counts) >= 2:
        agreement = _agreement(program, sources, [people[pk] for pk in sorted(coder_counts)], names)
    return Methods(
        sessions_held=len(sessions.held_ids),
        sessions_cancelled=sum(1 for m in sessions.meetings if m.status == Meeting.Status.CANCELLED),
        attendance_marks=len(sessions.marks),
        notes=note_count(meeting_ids=sessions.held_ids),
        surveys=len(surveys),
        surveys_shown=sum(1 for s in surveys if s.shown),
        transcripts=sum(s.transcripts for s in surveys),
        sources=[(label, by_kind[value]) for value, label in Source.Kind.choices if by_kind.get(value)],
        undated_sources=undated,
        codings=len(codings),
        themes_used=len({row.theme_id for row in codings}),
        coders=coders,
        agreement=agreement,
        k=scope.k,
    )


def _agreement(program: Program, sources, coders: list[Person], names: dict[int, str]) -> AgreementSummary:
    granularity = "paragraph"
    result = coding_agreement(
        program=program,
        sources=sources,
        coders=coders,
        granularity=granularity,
        uncoded="exclude",
        per_page=0,
    )
    names = sorted(names[c.pk] for c in coders)
    if result.report is None or result.sources == 0:
        return AgreementSummary(
            coders=names,
            sources=0,
            units=0,
            granularity=granularity,
            percent="–",
            kappa="–",
            alpha="–",
            note=_("No source in the range was coded by two coders."),
        )
    pooled = result.report.pooled
    return AgreementSummary(
        coders=names,
        sources=result.sources,
        units=result.report.units,
        granularity=granularity,
        percent=_figure(pooled.percent_agreement),
        kappa=_figure(pooled.cohen_kappa),
        alpha=_figure(pooled.krippendorff_alpha),
        note=pooled.cohen_kappa.reason if pooled.cohen_kappa.value is None else "",
    )
