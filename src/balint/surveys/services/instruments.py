"""Writes for instruments and their questions; an instrument with answers is versioned, not changed."""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.programs.models import Program
from balint.surveys.instruments import READY_MADE
from balint.surveys.models import (
    Answer,
    Instrument,
    Question,
    Response,
    Survey,
)
from balint.surveys.services.base import _saved


@transaction.atomic
def instrument_create(
    *, program: Program, name: str, description: str = "", kind: str = Instrument.Kind.CUSTOM
) -> Instrument:
    """A new, empty instrument (version 1) in the program."""
    return _saved(Instrument(program=program, name=name, description=description, kind=kind))


@transaction.atomic
def instrument_create_ready_made(*, program: Program, kind: str) -> Instrument:
    """A program's own copy of a ready-made instrument, which it may then edit.

    The copy is written in the program's default language (else the page's), so every resident of the
    program answers the same wording, whatever language each of them reads the pages in.
    """
    spec = READY_MADE.get(kind)
    if spec is None:
        raise ApplicationError(_("There is no ready-made instrument of that kind."), extra={"kind": kind})
    with translation.override(program.default_language or translation.get_language()):
        instrument = _saved(
            Instrument(
                program=program, name=str(spec.name), description=str(spec.description), kind=spec.kind
            )
        )
        for position, question in enumerate(spec.questions, start=1):
            _saved(
                Question(
                    instrument=instrument,
                    position=position,
                    kind=question.kind,
                    text=str(question.text),
                    help_text=str(question.help_text),
                    choices=[str(choice) for choice in question.choices],
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
