"""The coding page's "new theme": a theme made while coding, answered as JSON for the page to tick."""

import pytest
from django.urls import reverse

from balint.coding.models import Category, Theme
from balint.coding.services.codebook import THEME_COLOURS, next_colour
from balint.coding.tests.factories import make_source, make_theme


def _add(client, program, **data):
    return client.post(reverse("coding:theme_add", args=[program.slug]), data, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("persona", ["leader", "analyst"])
def test_a_coder_adds_a_theme_and_gets_what_the_page_needs_to_tick_it(client, world, persona):
    client.force_login(world.persona(persona).user)
    response = _add(client, world.program, name="  Shame about the refill  ")
    assert response.status_code == 201, response.content
    theme = Theme.objects.get(program=world.program, name="Shame about the refill")
    answer = response.json()
    assert answer["theme"] == {
        "code": str(theme.code),
        "name": "Shame about the refill",
        "colour": THEME_COLOURS[0],
        "parent": "",
        "category": "",
    }
    assert "Shame about the refill" in answer["message"]
    assert theme.parent is None and theme.active
    # The default categories are stored with the first theme, as the codebook form does.
    assert Category.objects.filter(program=world.program).exists()


def test_it_puts_the_theme_under_a_parent_named_by_its_code(client, world):
    parent = make_theme(world.program, "Boundaries")
    client.force_login(world.leader.user)
    response = _add(client, world.program, name="Refills", parent=str(parent.code))
    assert response.status_code == 201, response.content
    assert response.json()["theme"]["parent"] == str(parent.code)
    assert Theme.objects.get(name="Refills").parent == parent


def test_each_new_theme_takes_the_least_used_colour(world):
    make_theme(world.program, "First", colour=THEME_COLOURS[0].upper())
    make_theme(world.program, "Second", colour=THEME_COLOURS[1])
    assert next_colour(program=world.program) == THEME_COLOURS[2]
    make_theme(world.other_program, "Elsewhere", colour=THEME_COLOURS[2])  # another codebook does not count
    assert next_colour(program=world.program) == THEME_COLOURS[2]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "120"),
        ({"name": "Refills", "parent": "not-a-code"}, "put it under"),
        ({"name": "Refills", "parent": "00000000-0000-0000-0000-000000000000"}, "put it under"),
    ],
)
def test_a_bad_name_or_parent_is_refused_and_adds_nothing(client, world, data, words):
    client.force_login(world.leader.user)
    response = _add(client, world.program, **data)
    assert response.status_code == 422
    assert words in response.json()["message"]
    assert not Theme.objects.filter(program=world.program).exists()


def test_a_parent_from_another_program_is_refused(client, world):
    elsewhere = make_theme(world.other_program, "Elsewhere")
    client.force_login(world.leader.user)
    response = _add(client, world.program, name="Refills", parent=str(elsewhere.code))
    assert response.status_code == 422
    assert not Theme.objects.filter(program=world.program).exists()
    assert list(elsewhere.children.all()) == []


def test_a_double_submit_makes_one_theme_and_says_why_the_second_is_refused(client, world):
    client.force_login(world.leader.user)
    assert _add(client, world.program, name="Refills").status_code == 201
    again = _add(client, world.program, name="Refills")
    assert again.status_code == 422
    assert "already a theme called “Refills”" in again.json()["message"]
    assert Theme.objects.filter(program=world.program, name="Refills").count() == 1


def test_someone_outside_the_program_cannot_add_to_its_codebook(client, world):
    client.force_login(world.outsider.user)
    response = _add(client, world.program, name="Planted")
    assert response.status_code in (403, 404)
    assert not Theme.objects.filter(name="Planted").exists()


def test_only_a_post_adds_a_theme(client, world):
    client.force_login(world.leader.user)
    assert client.get(reverse("coding:theme_add", args=[world.program.slug])).status_code == 405


def test_the_coding_page_hands_its_script_the_address(client, world):
    source = make_source(world.program, group=world.group)
    client.force_login(world.leader.user)
    page = client.get(reverse("coding:source", args=[source.code]))
    assert reverse("coding:theme_add", args=[world.program.slug]) in page.content.decode()
    assert 'id="new-theme-name"' in page.content.decode()
