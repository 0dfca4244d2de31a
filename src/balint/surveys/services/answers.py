"""Anonymous answers: a one-time link's invitation, storing the answers, and the checks on each value."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    Survey,
)
from balint.surveys.services.invitations import token_hash


@dataclass(frozen=True)
class AnswerValue:
    """A cleaned answer to one question, ready to store."""

    question: Question
    text: str = ""
    scale: int | None = None
    options: tuple[int, ...] = ()


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("survey__group__program", "survey__instrument")
        .first()
    )


def _locked_survey(invitation: Invitation) -> Survey:
    """The invitation's survey with its row locked to the end of the transaction (its instrument read along,
    not locked: every group's pulse survey shares one)."""
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("instrument")
        .get(pk=invitation.survey_id)
    )


@transaction.atomic
def response_submit(*, invitation: Invitation, values: list[AnswerValue]) -> None:
    """Store one anonymous response and mark the invitation answered, all or nothing, at most once per person.

    The survey row is locked, so two tabs or a replayed request cannot both pass the answered check;
    after storing, every response of the survey is re-stored in the order of its random key.
    """
    survey = _locked_survey(invitation)
    if not survey.is_open():
        state = survey.state()
        raise ApplicationError(
            _("This survey is not open yet.") if state == "scheduled" else _("This survey has closed."),
            extra={"survey": str(survey.code), "state": state},
        )
    marked = Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True)
    if marked != 1:
        raise ApplicationError(
            _("You have already answered this survey; an answer is counted once."),
            extra={"survey": str(survey.code)},
        )
    questions = {q.pk: q for q in survey.instrument.questions.all()}
    _response_store(survey=survey, questions=questions, values=values)
    _reshuffle(survey)


@transaction.atomic
def response_import(*, invitation: Invitation, values: list[AnswerValue]) -> None:
    """Store a response outside the survey's window (demo and imports), still once per invitation."""
    survey = _locked_survey(invitation)
    if Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True) != 1:
        raise ApplicationError(
            _("This invitation has already been answered."), extra={"survey": str(survey.code)}
        )
    _response_store(
        survey=survey, questions={q.pk: q for q in survey.instrument.questions.all()}, values=values
    )
    _reshuffle(survey)


def _response_store(*, survey: Survey, questions: dict[int, Question], values: list[AnswerValue]) -> Response:
    seen = set()
    for value in values:
        if value.question.pk not in questions or value.question.pk in seen:
            raise ApplicationError(
                _("An answer names a question that is not in this survey."),
                extra={"question": str(value.question.code)},
            )
        seen.add(value.question.pk)
        _check_value(value)
    missing = [q for q in questions.values() if q.required and q.pk not in seen]
    if missing:
        raise ApplicationError(
            _("Please answer every required question."), extra={"questions": [q.text for q in missing]}
        )
    response = Response.objects.create(survey=survey)
    Answer.objects.bulk_create(
        [
            Answer(
                response=response, question=v.question, text=v.text, scale=v.scale, options=list(v.options)
            )
            for v in values
        ]
    )
    return response


def _check_value(value: AnswerValue) -> None:
    question = value.question
    bad = ApplicationError(_("An answer does not fit its question."), extra={"question": str(question.code)})
    if question.kind == Question.Kind.OPEN:
        if not value.text.strip() or len(value.text) > Answer._meta.get_field("text").max_length:
            raise bad
    elif question.kind == Question.Kind.LIKERT:
        if (
            value.scale is None
            or not 1 <= value.scale <= len(question.choices)
            or value.text
            or value.options
        ):
            raise bad
    else:
        options = value.options
        if (
            not options
            or len(set(options)) != len(options)
            or any(not 0 <= o < len(question.choices) for o in options)
        ):
            raise bad
        if question.kind == Question.Kind.SINGLE and len(options) != 1:
            raise bad


def _reshuffle(survey: Survey) -> None:
    """Re-store the survey's responses and answers in the order of their random keys.

    A new row would otherwise sit at the end of its table (SQLite rowid, PostgreSQL ctid and xmin), so
    physical position would follow submission order. After this every row of the survey is written
    again in the same transaction, in key order, which says nothing about who answered when. Transcripts
    keep pointing at their answers: foreign keys are checked at commit. The copy happens inside the
    database, so a submission costs a few statements whatever the number of answers.
    """
    responses, answers = Response._meta.db_table, Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE balint_shuffle_r AS SELECT * FROM {responses} WHERE survey_id = %s",  # noqa: S608
            [survey.pk],
        )
        cursor.execute(
            f"CREATE TEMP TABLE balint_shuffle_a AS SELECT * FROM {answers} "  # noqa: S608
            "WHERE response_id IN (SELECT id FROM balint_shuffle_r)"
        )
        cursor.execute(f"DELETE FROM {answers} WHERE response_id IN (SELECT id FROM balint_shuffle_r)")  # noqa: S608
        cursor.execute(f"DELETE FROM {responses} WHERE survey_id = %s", [survey.pk])  # noqa: S608
        cursor.execute(f"INSERT INTO {responses} SELECT * FROM balint_shuffle_r ORDER BY id")  # noqa: S608
        cursor.execute(f"INSERT INTO {answers} SELECT * FROM balint_shuffle_a ORDER BY id")  # noqa: S608
        cursor.execute("DROP TABLE balint_shuffle_a")
        cursor.execute("DROP TABLE balint_shuffle_r")
