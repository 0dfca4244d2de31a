"""Reads for surveys, each a fixed number of queries; results only ever come out aggregated or transcribed."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from balint.privacy.screening import screen
from balint.programs.access import Roles
from balint.programs.models import Person, Program
from balint.surveys.models import MIN_THRESHOLD, Answer, Instrument, Question, Response, Survey, Transcript


def instrument_list(*, program: Program) -> QuerySet[Instrument]:
    """The current version of each of the program's instruments, with question and survey counts."""
    return (
        Instrument.objects.filter(program=program, is_current=True)
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("name")
    )


def instrument_versions(*, instrument: Instrument) -> QuerySet[Instrument]:
    return Instrument.objects.filter(family=instrument.family).order_by("-version")


def survey_list(*, program: Program, roles: Roles) -> QuerySet[Survey]:
    """The surveys a role may see in the program, with how many were invited and how many answered."""
    surveys = Survey.objects.filter(group__program=program)
    if not (roles.is_admin or roles.is_analyst):
        surveys = surveys.filter(group__leaders=roles.person) if roles.person else surveys.none()
    return (
        surveys.select_related("group", "instrument")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__answered=True), distinct=True),
        )
        .order_by("-opens_at")
    )


def survey_counts(*, survey: Survey) -> tuple[int, int]:
    """(invited, answered) for one survey, in one query."""
    counts = survey.invitations.aggregate(invited=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
    return counts["invited"], counts["answered"]


def open_surveys_for(*, person: Person) -> QuerySet[Survey]:
    """Surveys open now to which the person is invited and which they have not answered."""
    now = timezone.now()
    return (
        Survey.objects.filter(
            invitations__person=person, invitations__answered=False, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("group__program")
        .order_by("closes_at")
    )


def threshold(survey: Survey) -> int:
    return max(survey.min_answers, MIN_THRESHOLD)


@dataclass
class QuestionResult:
    question: Question
    number: int
    total: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # Likert and choice questions
    transcripts: list[str] = field(default_factory=list)  # open questions: approved transcripts only
    pending: int = 0  # open answers not (yet) approved

    @property
    def chart(self) -> dict[str, Any]:
        return {
            "id": f"chart-{self.number}",
            "labels": [c[0] for c in self.counts],
            "counts": [c[1] for c in self.counts],
            "title": self.question.text,
        }


@dataclass
class SurveyResults:
    survey: Survey
    answered: int
    needed: int
    questions: list[QuestionResult]

    @property
    def visible(self) -> bool:
        return self.answered >= self.needed

    @property
    def charts(self) -> list[dict[str, Any]]:
        return [q.chart for q in self.questions if q.question.kind == Question.Kind.LIKERT]


def survey_results(*, survey: Survey) -> SurveyResults:
    """Per question: Likert and choice counts and approved transcripts; nothing at all below the threshold."""
    answered = Response.objects.filter(survey=survey).count()
    needed = threshold(survey)
    if answered < needed:
        return SurveyResults(survey=survey, answered=answered, needed=needed, questions=[])
    questions = list(survey.instrument.questions.all())
    answers = (
        Answer.objects.filter(response__survey=survey)
        .select_related("transcript")
        .only("question_id", "scale", "options", "transcript__text", "transcript__approved")
        .order_by("id")
    )
    by_question: dict[int, list[Answer]] = {q.pk: [] for q in questions}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    results = []
    for number, question in enumerate(questions, start=1):
        rows = by_question[question.pk]
        result = QuestionResult(question=question, number=number, total=len(rows))
        if question.kind == Question.Kind.OPEN:
            for row in rows:
                transcript = getattr(row, "transcript", None)
                if transcript is not None and transcript.approved:
                    result.transcripts.append(transcript.text)
                else:
                    result.pending += 1
        elif question.kind == Question.Kind.LIKERT:
            tally = [0] * len(question.choices)
            for row in rows:
                if row.scale and 1 <= row.scale <= len(tally):
                    tally[row.scale - 1] += 1
            result.counts = list(zip(question.choices, tally, strict=True))
        else:
            tally = [0] * len(question.choices)
            for row in rows:
                for option in row.options:
                    if 0 <= option < len(tally):
                        tally[option] += 1
            result.counts = list(zip(question.choices, tally, strict=True))
        results.append(result)
    return SurveyResults(survey=survey, answered=answered, needed=needed, questions=results)


def approved_transcripts(*, survey: Survey) -> list[tuple[int, Question, str]]:
    """(question number, question, transcript text) of every approved transcript, in random answer order."""
    numbers = {q.pk: n for n, q in enumerate(survey.instrument.questions.all(), start=1)}
    rows = (
        Transcript.objects.filter(answer__response__survey=survey, approved=True)
        .select_related("answer__question")
        .order_by("answer__question__position", "answer__question_id", "answer_id")
    )
    return [(numbers.get(t.answer.question_id, 0), t.answer.question, t.text) for t in rows]


def transcription_queue(*, program: Program, transcriber: Person) -> QuerySet[Answer]:
    """Open answers the transcriber may work on (never a group they lead), in random key order."""
    return (
        Answer.objects.filter(response__survey__group__program=program, question__kind=Question.Kind.OPEN)
        .exclude(response__survey__group__leaders=transcriber)
        .select_related("question", "response__survey__group", "transcript")
        .order_by("response__survey__opens_at", "response__survey_id", "question__position", "id")
    )


def transcription_pending_count(*, program: Program, transcriber: Person) -> int:
    return (
        transcription_queue(program=program, transcriber=transcriber)
        .filter(Q(transcript__isnull=True) | Q(transcript__approved=False))
        .count()
    )


def roster_names(*, survey: Survey) -> list[str]:
    """Full names of the group's people and the program's staff, so the screener marks them in answers (by
    the one name rule, `balint.privacy.names`, which finds a whole name or any of its parts)."""
    people = Person.objects.filter(
        Q(member_groups=survey.group)
        | Q(led_groups=survey.group)
        | Q(memberships__program=survey.group.program)
    )
    return sorted(set(people.values_list("full_name", flat=True)))


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    text: str


def screen_marks(text: str, *, names: list[str]) -> list[Mark]:
    """Likely identifiers in an answer, from the privacy screener."""
    spans = screen(text, roster_names=names)
    marks = []
    for span in sorted(spans, key=lambda s: s.start):
        if 0 <= span.start < span.end <= len(text) and (not marks or span.start >= marks[-1].end):
            marks.append(Mark(span.start, span.end, span.kind, text[span.start : span.end]))
    return marks


def marked_segments(text: str, marks: list[Mark]) -> list[tuple[str, str]]:
    """The text cut into (kind or "", piece) pairs so a template can highlight the marked pieces."""
    segments, cursor = [], 0
    for mark in marks:
        if mark.start > cursor:
            segments.append(("", text[cursor : mark.start]))
        segments.append((mark.kind, text[mark.start : mark.end]))
        cursor = mark.end
    if cursor < len(text):
        segments.append(("", text[cursor:]))
    return segments


def draft_from_marks(text: str, marks: list[Mark]) -> str:
    """A first transcript: the answer with each marked piece replaced by its kind in brackets."""
    out, cursor = [], 0
    for mark in marks:
        out.append(text[cursor : mark.start])
        out.append(f"[{mark.kind}]")
        cursor = mark.end
    out.append(text[cursor:])
    return "".join(out)


# ---- for reports: surveys closed in a range, with their Likert answers counted ---------------------------


@dataclass
class ClosedSurveys:
    surveys: list[Survey]  # with answered_count and invited_count, group and instrument loaded
    questions: dict[int, list[Question]]  # by instrument pk, in order
    scales: dict[tuple[int, int], list[int]]  # (survey pk, question pk) -> Likert values given
    transcripts: Counter[int]  # approved transcripts by survey pk


def closed_surveys(
    *, group_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> ClosedSurveys:
    """The groups' surveys closing in [start, end) and what a summary needs (four queries, one if none)."""
    surveys = list(
        Survey.objects.filter(group_id__in=group_ids, closes_at__gte=start, closes_at__lt=end)
        .select_related("group", "instrument")
        .annotate(
            answered_count=Count("responses", distinct=True),
            invited_count=Count("invitations", distinct=True),
        )
        .order_by("closes_at", "pk")
    )
    result = ClosedSurveys(
        surveys=surveys, questions=defaultdict(list), scales=defaultdict(list), transcripts=Counter()
    )
    if not surveys:
        return result
    ids = [s.pk for s in surveys]
    for question in Question.objects.filter(instrument_id__in={s.instrument_id for s in surveys}).order_by(
        "position", "pk"
    ):
        result.questions[question.instrument_id].append(question)
    for survey_id, question_id, scale in Answer.objects.filter(
        response__survey_id__in=ids, question__kind=Question.Kind.LIKERT, scale__isnull=False
    ).values_list("response__survey_id", "question_id", "scale"):
        result.scales[(survey_id, question_id)].append(scale)
    result.transcripts = Counter(
        Transcript.objects.filter(answer__response__survey_id__in=ids, approved=True).values_list(
            "answer__response__survey_id", flat=True
        )
    )
    return result


def transcripts_for_search(*, groups: QuerySet) -> QuerySet[Transcript]:
    """Approved transcripts of these groups' surveys, only of surveys with enough answers to show results
    (as the results page), latest survey first (one query)."""
    shown = (
        Survey.objects.filter(group__in=groups)
        .annotate(answered=Count("responses"))
        .filter(answered__gte=Greatest(F("min_answers"), MIN_THRESHOLD))
        .values("pk")
    )
    return (
        Transcript.objects.filter(approved=True, answer__response__survey__in=shown)
        .select_related("answer__question", "answer__response__survey__group")
        .only(
            "text",
            "answer__question__text",
            "answer__response__survey__code",
            "answer__response__survey__title",
            "answer__response__survey__opens_at",
            "answer__response__survey__group__name",
        )
        .order_by("-answer__response__survey__opens_at", "answer__question__position", "pk")
    )
