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
