"""Surveys closed in the range: answers counted against the survey's own threshold and k, Likert bins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from balint.reports.cells import Cell, count_cell, percent_cell, suppress_partition
from balint.reports.sections.scope import Scope
from balint.surveys.models import Instrument, Question
from balint.surveys.selectors import closed_surveys
from balint.surveys.selectors import threshold as survey_threshold

LIKERT_BINS = ["Disagree", "Neutral", "Agree"]
LIKERT_COLOURS = ["#c8553d", "#c5ced6", "#2f6f73"]


@dataclass
class LikertRow:
    text: str
    n: int
    shown: bool
    bins: list[Cell]
    agree: Cell


@dataclass
class SurveySummary:
    title: str
    group: str
    kind: str
    closed_on: datetime.date
    invited: int
    answered: Cell
    shown: bool
    needed: int
    likert: list[LikertRow]
    open_questions: int
    transcripts: int


def _likert_bin(scale: int, points: int) -> int:
    middle = (points + 1) / 2
    return 0 if scale < middle else (1 if scale == middle else 2)


def survey_summaries(scope: Scope) -> list[SurveySummary]:
    """Each survey closed in the range; its Likert figures only where enough answered (threshold and k)."""
    found = closed_surveys(group_ids=scope.group_ids, start=scope.start, end=scope.end)
    surveys, questions, scales, transcripts = found.surveys, found.questions, found.scales, found.transcripts
    k, zone = scope.k, scope.zone
    summaries = []
    for survey in surveys:
        needed = max(survey_threshold(survey), k)
        shown = survey.answered_count >= needed
        likert = []
        for question in questions[survey.instrument_id]:
            if question.kind != Question.Kind.LIKERT or not shown:
                continue
            values = scales[(survey.pk, question.pk)]
            points = len(question.choices)
            tally = [0, 0, 0]
            for value in values:
                if 1 <= value <= points:
                    tally[_likert_bin(value, points)] += 1
            n = sum(tally)
            if n < needed:
                likert.append(
                    LikertRow(text=question.text, n=n, shown=False, bins=[], agree=Cell(None, 0, k))
                )
                continue
            bins = suppress_partition([count_cell(c, c, k) for c in tally])
            agree = percent_cell(tally[2], n, tally[2], k)
            if bins[2].suppressed:
                agree = bins[2] if bins[2].secondary else agree
            likert.append(LikertRow(text=question.text, n=n, shown=True, bins=bins, agree=agree))
        summaries.append(
            SurveySummary(
                title=survey.title,
                group=survey.group.name,
                kind=Instrument.Kind(survey.instrument.kind).label,
                closed_on=survey.closes_at.astimezone(zone).date(),
                invited=survey.invited_count,
                answered=count_cell(survey.answered_count, survey.answered_count, needed),
                shown=shown,
                needed=needed,
                likert=likert,
                open_questions=sum(
                    1 for q in questions[survey.instrument_id] if q.kind == Question.Kind.OPEN
                ),
                transcripts=transcripts.get(survey.pk, 0) if shown else 0,
            )
        )
    return summaries
