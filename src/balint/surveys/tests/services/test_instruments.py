import pytest

from balint.core.errors import ApplicationError
from balint.surveys import services
from balint.surveys.instruments import READY_MADE
from balint.surveys.models import Answer, Instrument, Question
from balint.surveys.tests.factories import answer, make_instrument

pytestmark = pytest.mark.django_db


def test_it_copies_the_three_ready_made_instruments(program):
    needs = make_instrument(program, Instrument.Kind.NEEDS_ASSESSMENT)
    end = make_instrument(program, Instrument.Kind.END_OF_PROGRAM)
    pulse = make_instrument(program, Instrument.Kind.PULSE)

    assert [q.kind for q in needs.questions.all()] == [Question.Kind.OPEN] * 5
    kinds = {q.kind for q in end.questions.all()}
    assert kinds == {Question.Kind.LIKERT, Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.OPEN}
    assert [q.kind for q in pulse.questions.all()] == [
        Question.Kind.LIKERT,
        Question.Kind.LIKERT,
        Question.Kind.OPEN,
    ]
    assert sorted(len(q.choices) for q in pulse.questions.all() if q.kind == Question.Kind.LIKERT) == [5, 7]
    assert len(READY_MADE) == 3


def test_it_edits_an_instrument_without_answers_in_place(program):
    instrument = make_instrument(program, Instrument.Kind.PULSE)
    question = instrument.questions.first()

    changed = services.question_update(question=question, data={"text": "Was it useful?"})

    assert changed.pk == question.pk and changed.instrument_id == instrument.pk
    assert Instrument.objects.filter(family=instrument.family).count() == 1


def test_it_makes_a_new_version_when_the_instrument_has_answers(world, survey):
    answer(survey, world.resident)
    old = survey.instrument
    old_question = old.questions.get(position=1)
    old_text = old_question.text

    changed = services.question_update(question=old_question, data={"text": "A new wording"})

    old.refresh_from_db()
    assert (
        changed.instrument.version == old.version + 1 and changed.instrument.is_current and not old.is_current
    )
    assert changed.instrument.family == old.family
    assert Question.objects.get(pk=old_question.pk).text == old_text
    assert Answer.objects.filter(question__instrument=old).count() == old.questions.count()
    assert not Answer.objects.filter(question__instrument=changed.instrument).exists()
    with pytest.raises(ApplicationError, match="old version"):
        services.question_delete(question=old_question)


def test_it_versions_deletes_and_additions_too(world, survey):
    answer(survey, world.resident)
    count = survey.instrument.questions.count()

    version = services.question_delete(question=survey.instrument.questions.first())
    added = services.question_add(
        instrument=version, kind=Question.Kind.OPEN, text="Anything else?", choices=[]
    )

    assert version.version == 2 and version.questions.count() == count
    assert added.instrument_id == version.pk and added.position == count + 1
    assert survey.instrument.questions.count() == count


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        (Question.Kind.LIKERT, ["a", "b", "c"]),
        (Question.Kind.SINGLE, ["only"]),
        (Question.Kind.OPEN, ["x", "y"]),
        (Question.Kind.MULTIPLE, ["same", "Same"]),
    ],
)
def test_it_refuses_a_question_that_does_not_fit_its_kind(program, kind, choices):
    instrument = services.instrument_create(program=program, name="Own")

    with pytest.raises(ApplicationError):
        services.question_add(instrument=instrument, kind=kind, text="Q", choices=choices)
    assert not instrument.questions.exists()


def test_a_ready_made_copy_is_written_in_the_programs_language_and_then_stays(program):
    from django.utils import translation

    program.default_language = "de"
    program.save(update_fields=["default_language"])
    with translation.override("es"):  # the creating leader reads Spanish; the residents' copy is German
        pulse = services.instrument_create_ready_made(program=program, kind=Instrument.Kind.PULSE)
    first, second, third = pulse.questions.all()
    assert first.text == "Die heutige Sitzung war meine Zeit wert."
    assert first.choices[0] == "Stimme überhaupt nicht zu" and first.choices[-1] == "Stimme voll und ganz zu"
    assert third.help_text.startswith("Bitte lassen Sie Namen")
    assert pulse.name != "After-session pulse"
    with translation.override("en"):
        assert pulse.questions.first().text == "Die heutige Sitzung war meine Zeit wert."
