"""The Python-written select gives the same HTML as Django's templates, option for option."""

import re

import pytest
from django import forms

from balint.core.widgets import Select
from balint.programs.models import Group

CHOICES = [
    ("", "All groups"),
    ("Hospitals", [("a", 'St. Mary\'s <Teaching> & "Main"'), ("b", "Riverside")]),
    (3, "Three"),
    ("x", "Ünïcode – ÆØÅ"),
]


def same_html(ours: str, django: str) -> bool:
    return re.sub(r">\s+<", "><", ours.strip()) == re.sub(r">\s+<", "><", django.strip())


@pytest.mark.parametrize("value", [None, "", "a", "3", ["b"], "missing"])
def test_a_choice_select_reads_as_djangos(value):
    attrs = {"id": "id_group", "class": "filter", "required": True, "disabled": False, "data-x": 'a"b'}
    ours = Select(choices=CHOICES).render("group", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("group", value, attrs=attrs)
    assert same_html(ours, django), (ours, django)
    assert "&lt;Teaching&gt; &amp; &quot;Main&quot;" in ours and "<Teaching>" not in ours


@pytest.mark.django_db
def test_a_bound_model_field_reads_as_djangos(world):
    """As a form renders it: the empty label, the chosen group, the field's id and required mark."""
    Group.objects.create(program=world.program, name="Tuesday <evening>")

    def rendered(widget, data):
        class Form(forms.Form):
            group = forms.ModelChoiceField(
                queryset=Group.objects.filter(program=world.program).order_by("name"),
                empty_label="All groups",
                widget=widget,
            )

        return str(Form(data)["group"])

    for data in ({}, {"group": str(world.group.pk)}, {"group": "999999"}):
        ours, django = rendered(Select, data), rendered(forms.Select, data)
        assert same_html(ours, django), (ours, django)
    chosen = rendered(Select, {"group": str(world.group.pk)})
    assert f'<option value="{world.group.pk}" selected>' in chosen
    assert "Tuesday &lt;evening&gt;" in chosen and 'required id="id_group"' in chosen


@pytest.mark.django_db
def test_a_listed_model_field_offers_the_same_choices_in_one_plain_query(world, django_assert_num_queries):
    """Django's field reads its choices through a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE);
    ours reads them with one plain SELECT, and offers and accepts the same choices."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balint.core.widgets import ModelChoiceField

    Group.objects.create(program=world.program, name="Thursday group")

    def form_with(field_class, data=None):
        class Form(forms.Form):
            group = field_class(
                queryset=Group.objects.filter(program=world.program).order_by("name"),
                empty_label="All groups",
                required=False,
                widget=Select,
            )

        return Form(data)

    with CaptureQueriesContext(connection) as captured:
        ours = str(form_with(ModelChoiceField)["group"])
    assert len(captured) == 1 and captured[0]["sql"].lstrip().upper().startswith("SELECT")
    assert same_html(ours, str(form_with(forms.ModelChoiceField)["group"]))
    assert "Thursday group" in ours and "All groups" in ours

    bound = form_with(ModelChoiceField, {"group": str(world.group.pk)})
    assert bound.is_valid() and bound.cleaned_data["group"] == world.group
    assert not form_with(ModelChoiceField, {"group": str(world.outsider_group.pk)}).is_valid()


@pytest.mark.django_db
def test_a_listed_multiple_choice_field_offers_the_same_boxes_in_one_plain_query(world):
    """The same for a list of check boxes (the agreement page's coders)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balint.core.widgets import ModelMultipleChoiceField

    def form_with(field_class, data=None):
        class Form(forms.Form):
            groups = field_class(
                queryset=Group.objects.filter(program=world.program).order_by("name"),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

        return Form(data)

    with CaptureQueriesContext(connection) as captured:
        ours = str(form_with(ModelMultipleChoiceField)["groups"])
    assert len(captured) == 1 and captured[0]["sql"].lstrip().upper().startswith("SELECT")
    assert same_html(ours, str(form_with(forms.ModelMultipleChoiceField)["groups"]))
    assert f'value="{world.group.pk}"' in ours

    bound = form_with(ModelMultipleChoiceField, {"groups": [str(world.group.pk)]})
    assert bound.is_valid() and list(bound.cleaned_data["groups"]) == [world.group]
    assert not form_with(ModelMultipleChoiceField, {"groups": [str(world.outsider_group.pk)]}).is_valid()
