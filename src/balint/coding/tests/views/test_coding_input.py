"""The highlight endpoint's quick reading of a well-formed request gives what CodingForm gives; anything
less plain goes to the form, which accepts or refuses it as before."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from balint.coding.forms import CodingForm, coding_input
from balint.coding.models import Coding
from balint.coding.tests.factories import make_source, make_theme

TEXT = "The resident felt cornered by the request. The group stayed with it for a long while."


def _post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_a_well_formed_request_reads_as_the_form_cleans_it(world):
    themes = [make_theme(world.program, name) for name in ("Feelings", "Boundaries")]
    codes = [str(t.code) for t in themes]
    for perspective in ("", "resident"):
        post = _post(
            start="4", end="12", quote=TEXT[4:12], themes=[*codes, codes[0]], perspective=perspective
        )
        form = CodingForm(post, program=world.program)
        assert form.is_valid(), form.errors
        assert coding_input(post, program=world.program) == form.cleaned_data


@pytest.mark.parametrize(
    "fields",
    [
        {"start": " 4", "end": "12"},
        {"start": "4.0", "end": "12"},
        {"start": "-1", "end": "12"},
        {"start": "4", "end": "0"},
        {"start": "4", "end": "9" * 5000},
        {"start": "4", "end": "12", "themes": []},
        {"start": "4", "end": "12", "themes": ["not-a-code"]},
        {"start": "4", "end": "12", "perspective": "nobody"},
        {"start": "4", "end": "12", "quote": "a\x00b"},
    ],
)
def test_anything_less_plain_is_left_to_the_form(world, fields):
    theme = make_theme(world.program, "Feelings")
    post = _post(**{"themes": [str(theme.code)], "quote": TEXT[4:12], **fields})
    assert coding_input(post, program=world.program) is None


def test_a_theme_of_another_program_or_an_inactive_one_is_left_to_the_form(world):
    other = make_theme(world.other_program, "Elsewhere")
    retired = make_theme(world.program, "Retired")
    retired.active = False
    retired.save()
    for theme in (other, retired):
        post = _post(start="4", end="12", themes=[str(theme.code)])
        assert coding_input(post, program=world.program) is None
        assert not CodingForm(post, program=world.program).is_valid()


def test_numbers_the_form_accepts_still_apply_a_theme(client, world):
    source = make_source(world.program, text=TEXT, group=world.group)
    theme = make_theme(world.program, "Feelings")
    client.force_login(world.leader.user)
    response = client.post(
        reverse("coding:coding_create", args=[source.code]),
        {"start": " 4 ", "end": "12", "quote": TEXT[4:12], "themes": [str(theme.code)]},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content
    assert Coding.objects.get(source=source).start == 4
