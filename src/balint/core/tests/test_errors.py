"""A service's refusal shown on a form: beside the field it names, else above the form."""

from django import forms

from balint.core.errors import ApplicationError


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_refusal_naming_a_field_of_the_form_goes_beside_that_field():
    form = NameForm({"name": "Tuesday group"})
    assert form.is_valid()
    ApplicationError("That name is taken.", {"field": "name"}).add_to(form)
    assert form.errors == {"name": ["That name is taken."]}


def test_a_refusal_naming_no_field_or_another_field_goes_above_the_form():
    for extra in (None, {"field": "starts_at"}):
        form = NameForm({"name": "Tuesday group"})
        assert form.is_valid()
        ApplicationError("Sessions may not overlap.", extra).add_to(form)
        assert form.non_field_errors() == ["Sessions may not overlap."] and "name" not in form.errors
