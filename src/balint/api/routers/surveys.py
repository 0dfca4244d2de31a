"""Survey lists and results: only through the surveys app's selectors, so the answer threshold, approved
transcripts only and no raw open answer hold here exactly as on the results page."""

import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from balint.api.errors import READ_ERRORS
from balint.api.pagination import Page
from balint.api.schemas import GroupRef
from balint.programs.access import get_program_for
from balint.surveys import selectors
from balint.surveys.access import get_survey_for

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    code: UUID
    title: str
    group: GroupRef
    instrument: str
    instrument_kind: str
    instrument_version: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: str
    invited: int
    answered: int
    threshold: int


class CountOut(Schema):
    label: str
    count: int


class QuestionResultOut(Schema):
    number: int
    text: str
    kind: str
    total: int
    counts: list[CountOut]  # Likert and choice questions
    transcripts: list[str]  # open questions: approved de-identified transcripts only
    pending: int  # open answers not (yet) transcribed and approved


class ResultsOut(Schema):
    survey: UUID
    title: str
    answered: int
    needed: int
    visible: bool  # false below the threshold: then `questions` is empty
    questions: list[QuestionResultOut]


@router.get(
    "/programs/{slug}/surveys", response={200: list[SurveyOut], **READ_ERRORS}, url_name="survey_list"
)
@paginate(Page)
def survey_list(request: HttpRequest, slug: str) -> list[dict]:
    """The surveys the caller may follow (administrators and analysts: all; leaders: their groups')."""
    program, roles = get_program_for(request, slug, lambda r: r.is_admin or r.is_analyst or r.is_leader)
    return [
        {
            "code": s.code,
            "title": s.title,
            "group": s.group,
            "instrument": s.instrument.name,
            "instrument_kind": s.instrument.kind,
            "instrument_version": s.instrument.version,
            "opens_at": s.opens_at,
            "closes_at": s.closes_at,
            "state": s.state(),
            "invited": s.invited,
            "answered": s.answered,
            "threshold": selectors.threshold(s),
        }
        for s in selectors.survey_list(program=program, roles=roles)
    ]


@router.get("/surveys/{code}/results", response={200: ResultsOut, **READ_ERRORS}, url_name="survey_results")
def survey_results(request: HttpRequest, code: UUID) -> dict:
    """Counts and approved transcripts once enough residents have answered; nothing at all before."""
    survey, roles = get_survey_for(request, code, lambda r, g: r.can_see_survey_results(g))
    results = selectors.survey_results(survey=survey)
    return {
        "survey": survey.code,
        "title": survey.title,
        "answered": results.answered,
        "needed": results.needed,
        "visible": results.visible,
        "questions": [
            {
                "number": q.number,
                "text": q.question.text,
                "kind": q.question.kind,
                "total": q.total,
                "counts": [{"label": label, "count": n} for label, n in q.counts],
                "transcripts": q.transcripts,
                "pending": q.pending,
            }
            for q in results.questions
        ]
        if results.visible
        else [],
    }
