import pytest

from balint.site.demo import demo_load
from balint.surveys.models import Answer, Instrument, Invitation, Question, Response, Survey, Transcript
from balint.surveys.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_it_adds_a_transcribed_needs_assessment_and_end_of_program_feedback():
    summary = demo_load()

    assert "balint.site.demo.surveys" in summary.extensions
    assert set(Instrument.objects.values_list("kind", flat=True)) == {
        "needs_assessment",
        "end_of_program",
        "pulse",
    }
    needs = Survey.objects.get(instrument__kind="needs_assessment")
    assert needs.invitations.count() == 11
    answered = needs.invitations.filter(answered=True).count()
    assert answered >= 9 and Response.objects.filter(survey=needs).count() == answered
    open_answers = Answer.objects.filter(response__survey=needs, question__kind=Question.Kind.OPEN)
    assert open_answers.count() == answered * 5
    assert Transcript.objects.filter(answer__in=open_answers, approved=True).count() == open_answers.count()
    transcripts = [t.text for t in Transcript.objects.all()]  # encrypted: read in Python, not in SQL
    assert transcripts and not any("Alvarez" in t or "Ellison" in t for t in transcripts)
    results = survey_results(survey=needs)
    assert results.visible and all(len(q.transcripts) == answered for q in results.questions)

    end = Survey.objects.get(instrument__kind="end_of_program")
    end_results = survey_results(survey=end)
    assert end_results.visible and any(sum(n for _, n in q.counts) for q in end_results.questions)


def test_it_leaves_an_open_pulse_for_the_demo_resident_with_results_still_hidden():
    demo_load()

    pulse = Survey.objects.get(instrument__kind="pulse")
    assert pulse.is_open()
    assert not Invitation.objects.get(survey=pulse, person__user__username="resident").answered
    assert not survey_results(survey=pulse).visible


def test_it_sends_the_closed_surveys_to_the_analysis_as_respondent_cases_and_auto_codes_them():
    from balint.coding.models import Case, CaseSpan, Coding, CodingStep, Source

    demo_load()

    sources = list(Source.objects.filter(origin__startswith="surveys.question:"))
    # one source per open question of the two closed surveys; the open pulse stays below its threshold
    opens = Question.objects.filter(
        kind=Question.Kind.OPEN, instrument__kind__in=["needs_assessment", "end_of_program"]
    )
    assert len(sources) == opens.count() and len({s.title for s in sources}) == len(sources)
    assert all(s.kind == Source.Kind.TRANSCRIPT for s in sources)
    cases = Case.objects.filter(kind=Case.Kind.RESPONDENT)
    answered = Response.objects.filter(survey__instrument__kind__in=["needs_assessment", "end_of_program"])
    assert cases.count() == answered.count()
    assert (
        CaseSpan.objects.filter(source__in=sources).count()
        == Transcript.objects.filter(answer__question__in=opens).count()
    )
    step = CodingStep.objects.get(kind=CodingStep.Kind.AUTOCODE)
    assert step.state == CodingStep.State.DONE and "Resident's feelings and reactions" in step.label
    coded = Coding.objects.filter(source__in=sources, theme__name="Resident's feelings and reactions")
    assert coded.count() >= 3 and {c.coder_id for c in coded} == {step.person_id}
