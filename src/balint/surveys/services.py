"""Writes for instruments, surveys, invitations, anonymous answers and transcripts.

Nothing here logs, audits or timestamps an answer (an export of approved transcripts is audited, as every
export is, with the survey and the person who exported): the only trace of a submission is the new
`Response`/`Answer` rows (random keys, no time, re-stored in key order) and the `answered` flag
on the person's invitation, which holds no reference to those rows.
"""

import base64
import datetime
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from balint.core.downloads import ExportFile
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.core.spreadsheets import csv_bytes, xlsx_bytes
from balint.privacy.audit import audit_record
from balint.programs.language import email_language
from balint.programs.models import Group, Person, Program
from balint.surveys.instruments import READY_MADE
from balint.surveys.models import (
    MIN_THRESHOLD,
    Answer,
    Instrument,
    Invitation,
    Question,
    Response,
    Survey,
    Transcript,
)
from balint.surveys.selectors import approved_transcripts

# Instruments -------------------------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    *, program: Program, name: str, description: str = "", kind: str = Instrument.Kind.CUSTOM
) -> Instrument:
    """A new, empty instrument (version 1) in the program."""
    return _saved(Instrument(program=program, name=name, description=description, kind=kind))


@transaction.atomic
def instrument_create_ready_made(*, program: Program, kind: str) -> Instrument:
    """A program's own copy of a ready-made instrument, which it may then edit."""
    spec = READY_MADE.get(kind)
    if spec is None:
        raise ApplicationError(_("There is no ready-made instrument of that kind."), extra={"kind": kind})
    instrument = _saved(
        Instrument(program=program, name=spec.name, description=spec.description, kind=spec.kind)
    )
    for position, question in enumerate(spec.questions, start=1):
        _saved(
            Question(
                instrument=instrument,
                position=position,
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                choices=list(question.choices),
            )
        )
    return instrument


def instrument_has_answers(*, instrument: Instrument) -> bool:
    return (
        Answer.objects.filter(question__instrument=instrument).exists()
        or Response.objects.filter(survey__instrument=instrument).exists()
    )


def _editable(instrument: Instrument) -> tuple[Instrument, dict[int, Question]]:
    """The version to edit: the instrument itself, or a new version when the current one has answers.

    Locks the surveys that use the instrument, so no answer can arrive between the check and the edit.
    Returns the version and a map from the old question ids to the questions of that version.
    """
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if not instrument.is_current:
        raise ApplicationError(
            _("This is an old version of the instrument; edit the current one."),
            extra={"version": instrument.version},
        )
    list(Survey.objects.select_for_update().filter(instrument=instrument).values_list("pk", flat=True))
    questions = list(instrument.questions.all())
    if not instrument_has_answers(instrument=instrument):
        return instrument, {q.pk: q for q in questions}
    Instrument.objects.filter(pk=instrument.pk).update(is_current=False, updated_at=timezone.now())
    successor = _saved(
        Instrument(
            program=instrument.program,
            family=instrument.family,
            version=instrument.version + 1,
            kind=instrument.kind,
            name=instrument.name,
            description=instrument.description,
        )
    )
    mapping = {}
    for question in questions:
        mapping[question.pk] = _saved(
            Question(
                instrument=successor,
                position=question.position,
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                choices=list(question.choices),
                required=question.required,
            )
        )
    return successor, mapping


@transaction.atomic
def instrument_update(*, instrument: Instrument, name: str, description: str) -> Instrument:
    """Rename or re-describe; an instrument with answers gets a new version and the answered one stays."""
    version, _created = _editable(instrument)
    version.name, version.description = name, description
    return _saved(version)


@transaction.atomic
def question_add(
    *,
    instrument: Instrument,
    kind: str,
    text: str,
    choices: list[str],
    help_text: str = "",
    required: bool = False,
) -> Question:
    """Append a question; on an instrument with answers it goes into a new version."""
    version, _created = _editable(instrument)
    last = max((q.position for q in version.questions.all()), default=0)
    question = Question(
        instrument=version,
        position=last + 1,
        kind=kind,
        text=text,
        help_text=help_text,
        choices=choices,
        required=required,
    )
    return _saved(question)


@transaction.atomic
def question_update(*, question: Question, data: dict[str, Any]) -> Question:
    """Change a question; when its instrument has answers the change lands in a new version."""
    version, mapping = _editable(question.instrument)
    target = mapping[question.pk]
    for field in ("kind", "text", "help_text", "choices", "required"):
        if field in data:
            setattr(target, field, data[field])
    return _saved(target)


@transaction.atomic
def question_delete(*, question: Question) -> Instrument:
    """Remove a question; when its instrument has answers it is left out of a new version instead."""
    version, mapping = _editable(question.instrument)
    mapping[question.pk].delete()
    return version


# Surveys and invitations ---------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The secret in a one-time link, derived from the site key so that reminders resend the same link."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"balint.surveys.invitation:{invitation.code}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("surveys:link", args=[invitation_token(invitation)])


@transaction.atomic
def survey_open(
    *,
    group: Group,
    instrument: Instrument,
    title: str,
    opens_at,
    closes_at,
    min_answers: int,
    opened_by: Person | None = None,
    notify: bool = True,
) -> Survey:
    """Open a survey for every resident of the group, each with a one-time link e-mailed after commit."""
    if instrument.program_id != group.program_id:
        raise ApplicationError(
            _("The instrument belongs to another program."), extra={"instrument": str(instrument.code)}
        )
    if not instrument.is_current:
        raise ApplicationError(_("Only the current version of an instrument can be used for a new survey."))
    if not instrument.questions.exists():
        raise ApplicationError(
            _("The instrument has no questions yet."), extra={"instrument": str(instrument.code)}
        )
    if min_answers is None or min_answers < MIN_THRESHOLD:
        raise ApplicationError(
            _("Results need at least {n} answers.").format(n=MIN_THRESHOLD),
            extra={"min_answers": min_answers},
        )
    survey = _saved(
        Survey(
            group=group,
            instrument=instrument,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            min_answers=min_answers,
            opened_by=opened_by,
        )
    )
    invitations = []
    for person in group.members.all():
        invitation = Invitation(survey=survey, person=person)
        invitation.token_hash = token_hash(invitation_token(invitation))
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    if notify:
        _email_links(survey, invitations, reminder=False)
    return survey


@transaction.atomic
def survey_remind(*, survey: Survey) -> int:
    """E-mail the residents who have not answered; returns only how many, never who."""
    if not survey.is_open():
        raise ApplicationError(
            _("Reminders go out only while the survey is open."), extra={"survey": str(survey.code)}
        )
    pending = list(survey.invitations.filter(answered=False).select_related("person"))
    _email_links(survey, pending, reminder=True)
    Survey.objects.filter(pk=survey.pk).update(reminders_sent=survey.reminders_sent + 1)
    return len(pending)


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """Close an open or scheduled survey now; answers already stored stay."""
    now = timezone.now()
    if survey.has_closed(now):
        raise ApplicationError(_("The survey has already closed."), extra={"survey": str(survey.code)})
    survey.closes_at = now
    if survey.opens_at >= now:
        survey.opens_at = now - datetime.timedelta(seconds=1)
    survey.save(update_fields=["closes_at", "opens_at", "updated_at"])
    return survey


def _email_links(survey: Survey, invitations: list[Invitation], *, reminder: bool) -> None:
    program = survey.group.program
    closes_at = timezone.localtime(survey.closes_at, program.zone)
    messages = []
    for invitation in invitations:
        # each resident reads the e-mail in their own language (else the program's)
        with translation.override(email_language(invitation.person, program)):
            if reminder:
                subject = _("Reminder: Anonymous survey: {title}").format(title=survey.title)
            else:
                subject = _("Anonymous survey: {title}").format(title=survey.title)
            body = _(
                "Dear {name},\n\n"
                "The leaders of {group} would like to hear from you. The survey is anonymous: "
                "your answers are stored without your name, without a time and in shuffled order, and open "
                "answers are read only by a transcriber who removes anything identifying before the leaders "
                "see them.\n\nYour personal link (it works once; please do not forward it):\n"
                "{link}\n\n"
                "The survey closes on {closes}. You can also find it on your Balint home page.\n"
            ).format(
                name=invitation.person.full_name,
                group=survey.group.name,
                link=invitation_link(invitation),
                closes=formats.date_format(closes_at, "l j F Y, H:i"),
            )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.person.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


# Answers ------------------------------------------------------------------------------------------


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


@transaction.atomic
def response_submit(*, invitation: Invitation, values: list[AnswerValue]) -> None:
    """Store one anonymous response and mark the invitation answered, all or nothing, at most once per person.

    The survey row is locked, so two tabs or a replayed request cannot both pass the answered check;
    after storing, every response of the survey is re-stored in the order of its random key.
    """
    survey = Survey.objects.select_for_update().select_related("instrument").get(pk=invitation.survey_id)
    if not survey.is_open():
        state = survey.state()
        raise ApplicationError(
            "This survey is not open yet." if state == "scheduled" else "This survey has closed.",
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
    survey = Survey.objects.select_for_update().select_related("instrument").get(pk=invitation.survey_id)
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


# Transcripts ------------------------------------------------------------------------------------


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
            _("An approved transcript cannot be empty."), extra={"fields": {"text": ["Required."]}}
        )
    transcript = Transcript.objects.select_for_update().filter(answer=answer).first() or Transcript(
        answer=answer
    )
    transcript.text, transcript.approved, transcript.transcriber = text, approve, transcriber
    return _saved(transcript)


@transaction.atomic
def transcripts_export(*, survey: Survey, by: Person, fmt: str) -> ExportFile:
    """The survey's approved transcripts as CSV or XLSX (never raw answers), with the export's audit entry.

    The caller has checked that the results may be shown (enough residents answered)."""
    if fmt not in {"csv", "xlsx"}:
        raise ApplicationError(_("No such format: {fmt!r}.").format(fmt=fmt), extra={"field": "format"})
    rows = [(number, question.text, text) for number, question, text in approved_transcripts(survey=survey)]
    header = ("question number", "question", "transcript")
    name = f"{slugify(survey.title) or 'survey'}-transcripts.{fmt}"
    if fmt == "csv":
        file = ExportFile(
            csv_bytes(header, rows), name, "text/csv; charset=utf-8", f"{len(rows)} transcripts"
        )
    else:
        file = ExportFile(
            xlsx_bytes("Transcripts", header, rows),
            name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{len(rows)} transcripts",
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
            found[pk] = "Not an approved survey transcript."
        elif survey.answered < max(survey.min_answers, MIN_THRESHOLD):
            found[pk] = "The survey has fewer answers than its threshold."
        elif not case_origins or not all(approved.get((survey_code, question_code, o)) for o in case_origins):
            found[pk] = "The transcript is not approved."
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


def _saved(instance):
    validated(instance)
    instance.save()
    return instance
