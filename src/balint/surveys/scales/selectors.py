"""Reads for scored scales: every administration of a scale with its respondents' scores, never a person.

A survey counts only once it has closed and reached its own threshold (the surveys' rule); a score set
counts as entered. Scores come out as lists per subscale, in the random order of the rows, so nothing
about who answered or when is kept. Pair codes (keyed hashes) come out only for sets that used them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from balint.programs.models import Program
from balint.surveys.models import Answer, Instrument, Question, Survey
from balint.surveys.scales.definitions import ScaleDefinition, definition_for
from balint.surveys.scales.models import ScoredInstrument, ScoreRow, ScoreSet
from balint.surveys.scoring import score_respondent
from balint.surveys.selectors import threshold


@dataclass
class Administration:
    key: str  # "survey-<code>" or "set-<code>"
    title: str
    scale_key: str
    on: datetime.date
    cohort: str
    group: str
    group_id: int | None
    source: str
    invited: int | None
    respondents: int
    scores: dict[str, list[float]] = field(default_factory=dict)
    codes: list[tuple[str, dict[str, float]]] = field(default_factory=list)  # (pair hash, scores)

    @property
    def year(self) -> int:
        return self.on.year


def scored_instruments(*, program: Program) -> list[tuple[Instrument, ScoredInstrument, ScaleDefinition]]:
    """The program's current scored instruments with their definitions."""
    links = {s.family: s for s in ScoredInstrument.objects.filter(program=program)}
    instruments = Instrument.objects.filter(program=program, family__in=links, is_current=True).annotate(
        question_count=Count("questions")
    )
    return [
        (i, links[i.family], definition_for(links[i.family].scale_key))
        for i in instruments.order_by("name")
        if definition_for(links[i.family].scale_key)
    ]


def scored_family(*, instrument: Instrument) -> ScoredInstrument | None:
    return ScoredInstrument.objects.filter(family=instrument.family).first()


def administrations(*, program: Program, scale_key: str) -> list[Administration]:
    """Every administration of one scale in the program, oldest first, in a fixed number of queries."""
    definition = definition_for(scale_key)
    if definition is None:
        return []
    out: list[Administration] = []
    links = {s.family: s for s in ScoredInstrument.objects.filter(program=program, scale_key=scale_key)}
    if links and definition.items:
        now = timezone.now()
        surveys = list(
            Survey.objects.filter(group__program=program, instrument__family__in=links, closes_at__lte=now)
            .select_related("group", "instrument")
            .annotate(
                answered=Count("responses", distinct=True), invited_count=Count("invitations", distinct=True)
            )
            .order_by("closes_at", "pk")
        )
        surveys = [s for s in surveys if s.answered >= threshold(s)]
        answers = Answer.objects.filter(
            response__survey__in=surveys, question__kind=Question.Kind.SINGLE
        ).values_list(
            "response__survey_id", "response_id", "question__position", "question__choices", "options"
        )
        chosen: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
        family_of = {s.pk: s.instrument.family for s in surveys}
        for survey_id, response_id, position, choices, options in answers.order_by("response_id"):
            item = links[family_of[survey_id]].items.get(str(position))
            if item and len(choices) == len(definition.points) and len(options) == 1:
                chosen[survey_id][response_id][item] = options[0]
        for survey in surveys:
            scores: dict[str, list[float]] = defaultdict(list)
            for per_item in chosen[survey.pk].values():
                for key, value in score_respondent(definition, per_item).items():
                    if value is not None:
                        scores[key].append(value)
            out.append(
                Administration(
                    key=f"survey-{survey.code}",
                    title=survey.title,
                    scale_key=scale_key,
                    on=survey.closes_at.astimezone(program.zone).date(),
                    cohort="",
                    group=survey.group.name,
                    group_id=survey.group_id,
                    source="Survey in Balint",
                    invited=survey.invited_count,
                    respondents=survey.answered,
                    scores=dict(scores),
                )
            )
    sets = list(
        ScoreSet.objects.filter(program=program, scale_key=scale_key).select_related("cohort", "group")
    )
    rows: dict[int, list[ScoreRow]] = defaultdict(list)
    for row in ScoreRow.objects.filter(score_set__in=sets).order_by("id"):
        rows[row.score_set_id].append(row)
    for score_set in sets:
        scores = defaultdict(list)
        for row in rows[score_set.pk]:
            for key, value in row.values.items():
                scores[key].append(float(value))
        out.append(
            Administration(
                key=f"set-{score_set.code}",
                title=score_set.title,
                scale_key=scale_key,
                on=score_set.collected_on,
                cohort=score_set.cohort.name if score_set.cohort else "",
                group=score_set.group.name if score_set.group else "",
                group_id=score_set.group_id,
                source=score_set.get_source_display(),
                invited=score_set.invited,
                respondents=len(rows[score_set.pk]),
                scores=dict(scores),
                codes=[(r.pair_code, r.values) for r in rows[score_set.pk] if r.pair_code]
                if score_set.uses_codes
                else [],
            )
        )
    out.sort(key=lambda a: (a.on, a.title, a.key))
    return out
