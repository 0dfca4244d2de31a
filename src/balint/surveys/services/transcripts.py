"""Transcripts of answers: saving and approving, the audited export, and sending them to analysis."""

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balint.core.downloads import ExportFile
from balint.core.errors import ApplicationError
from balint.core.spreadsheets import csv_bytes, xlsx_bytes
from balint.privacy.audit import audit_record
from balint.programs.models import Person
from balint.surveys.models import (
    MIN_THRESHOLD,
    Answer,
    Response,
    Survey,
    Transcript,
)
from balint.surveys.selectors import approved_transcripts
from balint.surveys.services.base import _saved


@transaction.atomic
def transcript_save(*, answer: Answer, transcriber: Person, text: str, approve: bool) -> Transcript:
    """Save (and optionally approve) the transcript of an open answer; a leader of the group is refused."""
    group = answer.response.survey.group
    if group.has_leader(transcriber):
        raise ApplicationError(
            _("A leader cannot transcribe the answers of their own group."), extra={"group": str(group.code)}
        )
    if not answer.question.is_open:
        raise ApplicationError(_("Only open-ended answers are transcribed."))
    if approve and not text.strip():
        raise ApplicationError(
            _("An approved transcript cannot be empty."), extra={"fields": {"text": [_("Required.")]}}
        )
    transcript = Transcript.objects.select_for_update().filter(answer=answer).first() or Transcript(
        answer=answer
    )
    transcript.text, transcript.approved, transcript.transcriber = text, approve, transcriber
    return _saved(transcript)


def _count(number: int) -> str:
    return ngettext("{count} transcript", "{count} transcripts", number).format(count=number)


@transaction.atomic
def transcripts_export(*, survey: Survey, by: Person, fmt: str) -> ExportFile:
    """The survey's approved transcripts as CSV or XLSX (never raw answers), with the export's audit entry.

    The caller has checked that the results may be shown (enough residents answered)."""
    if fmt not in {"csv", "xlsx"}:
        raise ApplicationError(_("No such format: {fmt!r}.").format(fmt=fmt), extra={"field": "format"})
    rows = [(number, question.text, text) for number, question, text in approved_transcripts(survey=survey)]
    header = (_("question number"), _("question"), _("transcript"))
    name = f"{slugify(survey.title) or 'survey'}-transcripts.{fmt}"
    if fmt == "csv":
        file = ExportFile(csv_bytes(header, rows), name, "text/csv; charset=utf-8", _count(len(rows)))
    else:
        file = ExportFile(
            xlsx_bytes(_("Transcripts"), header, rows),
            name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _count(len(rows)),
        )
    audit_record(
        action="exported",
        person=by,
        object_type="transcripts",
        object_code=survey.code,
        program=survey.group.program,
    )
    return file


def respondent_origin(response_id: Any) -> str:
    """The origin of a response's case in the analysis: a keyed hash, not the response's key, so the analysis
    holds nothing that leads back to the response (and a response holds nothing that leads to a person)."""
    digest = salted_hmac("balint.surveys.respondent", str(response_id)).hexdigest()
    return f"surveys.respondent:{digest[:40]}"


def question_sources_refusals(*, sources: dict[int, tuple[int, str, set[str]]]) -> dict[int, str | None]:
    """Why each source sent as a question's answers (source id -> program id, origin, its passages' case
    origins) may not leave the program, or None: the survey must be the program's and past its threshold, and
    every answer in it still approved (two queries)."""
    keys: dict[int, tuple[str, str]] = {}
    for pk, (_program, origin, _cases) in sources.items():
        parts = origin.split(":")
        keys[pk] = (parts[1], parts[2]) if len(parts) == 4 and parts[0] == "surveys.question" else ("", "")
    codes = {survey for survey, _question in keys.values() if survey}
    surveys = (
        {
            str(survey.code): survey
            for survey in Survey.objects.filter(code__in=codes)
            .select_related("group")
            .annotate(answered=Count("responses"))
        }
        if codes
        else {}
    )
    approved: dict[tuple[str, str, str], bool] = {}
    for response_id, question_code, survey_code, ok in Transcript.objects.filter(
        answer__response__survey__in=list(surveys.values())
    ).values_list(
        "answer__response_id", "answer__question__code", "answer__response__survey__code", "approved"
    ):
        approved[(str(survey_code), str(question_code), respondent_origin(response_id))] = ok
    found: dict[int, str | None] = {}
    for pk, (program_id, _origin, case_origins) in sources.items():
        survey_code, question_code = keys[pk]
        survey = surveys.get(survey_code)
        if survey is None or survey.group.program_id != program_id:
            found[pk] = _("Not an approved survey transcript.")
        elif survey.answered < max(survey.min_answers, MIN_THRESHOLD):
            found[pk] = _("The survey has fewer answers than its threshold.")
        elif not case_origins or not all(approved.get((survey_code, question_code, o)) for o in case_origins):
            found[pk] = _("The transcript is not approved.")
        else:
            found[pk] = None
    return found


@transaction.atomic
def transcripts_send_to_analysis(*, survey: Survey, sent_by: Person | None) -> int:
    """Send the approved transcripts to the analysis: one source per question, each answer a passage of its
    anonymous respondent case (one case per response, named by a hash, never linked to a person).

    Returns how many transcripts were added. Refused below the survey's answer threshold. A transcript already
    sent is skipped, so sending twice adds nothing; transcripts approved later go to a further source of
    their question ("part 2"), since a source's text never changes. Sources and cases carry the survey's
    closing date, never a time tied to one answer.
    """
    from balint.coding.models import CaseSpan, Source
    from balint.coding.services.cases import CasePart, source_create_with_cases

    answered = Response.objects.filter(survey=survey).count()
    if answered < max(survey.min_answers, MIN_THRESHOLD):
        raise ApplicationError(
            _("Transcripts go to the analysis once enough residents have answered."),
            extra={"answered": answered},
        )
    program = survey.group.program
    questions = list(survey.instrument.questions.all())
    numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
    transcripts = (
        Transcript.objects.filter(answer__response__survey=survey, approved=True)
        .select_related("answer__question")
        .order_by("answer__question__position", "answer__question_id", "answer__response_id")
    )
    prefix = f"surveys.question:{survey.code}:"
    # Sent before as one source per transcript (before cases), or as a passage of a question's source.
    legacy = set(
        Source.objects.filter(program=program, origin__startswith="surveys.transcript:").values_list(
            "origin", flat=True
        )
    )
    sent = set(
        CaseSpan.objects.filter(source__program=program, source__origin__startswith=prefix).values_list(
            "source__origin", "case__origin"
        )
    )
    parts_made: dict[str, int] = {}
    for origin in Source.objects.filter(program=program, origin__startswith=prefix).values_list(
        "origin", flat=True
    ):
        question_key = origin.rsplit(":", 1)[0]
        parts_made[question_key] = parts_made.get(question_key, 0) + 1
    sent_pairs = {(origin.rsplit(":", 1)[0], case_origin) for origin, case_origin in sent}
    waiting: dict[Any, list[CasePart]] = {}
    for transcript in transcripts:
        if f"surveys.transcript:{transcript.pk}" in legacy:
            continue
        question = transcript.answer.question
        case_origin = respondent_origin(transcript.answer.response_id)
        if (f"{prefix}{question.code}", case_origin) in sent_pairs:
            continue
        name = f"{survey.title[:150]}, respondent {case_origin.rsplit(':', 1)[1][:6].upper()}"
        waiting.setdefault(question, []).append(CasePart(origin=case_origin, name=name, text=transcript.text))
    closed_on = timezone.localtime(survey.closes_at, program.zone).date()
    added = 0
    for question, parts in waiting.items():
        question_key = f"{prefix}{question.code}"
        part = parts_made.get(question_key, 0) + 1
        title = f"{survey.title}, question {numbers.get(question.pk, 0)}" + (
            f" (part {part})" if part > 1 else ""
        )
        source_create_with_cases(
            program=program,
            kind=Source.Kind.TRANSCRIPT,
            title=title[:200],
            parts=parts,
            date=closed_on,
            group=survey.group,
            attributes={"survey": survey.title, "question": question.text},
            origin=f"{question_key}:{part}",
            created_by=sent_by,
        )
        added += len(parts)
    return added
