import pytest

from balint.coding.models import Case, CaseSpan, Source
from balint.core.errors import ApplicationError
from balint.surveys import services
from balint.surveys.models import Answer, Question, Response
from balint.surveys.tests.factories import answer

pytestmark = pytest.mark.django_db


def _answered(world, survey, count: int) -> list[Answer]:
    for index, person in enumerate(list(survey.group.members.order_by("pk"))[:count]):
        answer(survey, person, text=f"Raw words of resident {index}")
    return list(Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN))


def _approve(world, answers: list[Answer]) -> None:
    for item in answers:
        services.transcript_save(
            answer=item, transcriber=world.transcriber, text=f"Clean {item.question.position}", approve=True
        )


def _position(source: Source) -> int:
    return Question.objects.filter(text=source.attributes["question"], answers__isnull=False).first().position


def test_it_refuses_below_the_threshold(world, survey):
    _approve(world, _answered(world, survey, 1))
    with pytest.raises(ApplicationError, match="enough residents"):
        services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    assert not Source.objects.filter(program=world.program).exists()


def test_it_makes_one_source_per_question_with_each_answer_a_passage_of_its_respondent(world, survey):
    opens = _answered(world, survey, 3)
    _approve(world, opens[:-1])
    services.transcript_save(answer=opens[-1], transcriber=world.transcriber, text="Draft", approve=False)

    added = services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)

    assert added == len(opens) - 1
    sources = list(Source.objects.filter(program=world.program, kind=Source.Kind.TRANSCRIPT))
    questions = {a.question_id for a in opens[:-1]}
    assert len(sources) == len(questions)
    assert len({s.title for s in sources}) == len(sources)  # no identical titles
    cases = Case.objects.filter(program=world.program)
    assert cases.count() == 3 and set(cases.values_list("kind", flat=True)) == {Case.Kind.RESPONDENT}
    assert len({c.name for c in cases}) == 3
    for source in sources:
        spans = list(CaseSpan.objects.filter(source=source).order_by("start"))
        assert len(spans) == sum(1 for a in opens[:-1] if a.question.text == source.attributes["question"])
        assert {source.text[s.start : s.end] for s in spans} == {f"Clean {_position(source)}"}
        assert "Draft" not in source.text and "Raw words" not in source.text
    # One case holds the answers of one response to every question, and nothing that leads to it.
    assert CaseSpan.objects.filter(case__in=cases).count() == len(opens) - 1
    response_ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    for case in cases:
        assert 1 <= case.spans.order_by().values("source").distinct().count() <= len(questions)
        assert not any(rid in case.origin or rid in case.name for rid in response_ids)


def test_it_adds_nothing_the_second_time_and_later_approvals_in_a_new_part(world, survey):
    opens = _answered(world, survey, 3)
    first_question = opens[0].question
    late = [a for a in opens if a.question == first_question][-1]
    _approve(world, [a for a in opens if a != late])
    first = services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    assert services.transcripts_send_to_analysis(survey=survey, sent_by=world.analyst) == 0

    _approve(world, [late])
    assert services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader) == 1
    assert services.transcripts_send_to_analysis(survey=survey, sent_by=world.leader) == 0

    assert first == len(opens) - 1
    part_two = Source.objects.get(program=world.program, title__endswith="(part 2)")
    assert CaseSpan.objects.filter(source=part_two).count() == 1
    assert Case.objects.filter(program=world.program).count() == 3  # the late answer joins its respondent
