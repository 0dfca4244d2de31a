"""The program's anonymity threshold is the default and the floor of every new survey's threshold."""

from balint.surveys.forms import SurveyForm


def test_it_offers_the_program_threshold_as_the_default(program):
    program.anonymity_threshold = 8
    program.save()
    form = SurveyForm(program=program)
    assert form.fields["min_answers"].initial == 8
    assert 'min="8"' in str(form["min_answers"])


def test_it_refuses_a_survey_threshold_below_the_programs(program):
    program.anonymity_threshold = 8
    program.save()
    form = SurveyForm(data={"title": "t", "min_answers": "5"}, program=program)
    assert not form.is_valid()
    assert "min_answers" in form.errors
    assert "8" in str(form.errors["min_answers"])
