import json

import pytest
from django.urls import reverse

from balint.coding.models import Coding
from balint.coding.tests.factories import make_source, make_theme


@pytest.fixture
def place(world):
    return make_source(world.program, group=world.group), make_theme(world.program, "Feelings")


def _apply(client, source, theme, start=0, end=12):
    response = client.post(
        reverse("coding:coding_create", args=[source.code]),
        {"start": start, "end": end, "themes": [str(theme.code)]},
    )
    assert response.status_code == 201
    return json.loads(response.content)["codings"][0]["id"]


def _json(client, name, world, method="post"):
    url = reverse(name, args=[world.program.slug])
    call = client.post if method == "post" else client.get
    return call(url, headers={"Accept": "application/json"})


def test_it_undoes_and_redoes_the_coding_pages_actions(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    coding = _apply(client, source, theme)
    client.post(reverse("coding:coding_perspective", args=[coding]), {"perspective": "patient"})
    assert json.loads(_json(client, "coding:history", world, "get").content) == {
        "undo": "Re-mark “Feelings” as patient's experience",
        "redo": None,
    }
    assert _json(client, "coding:step_undo", world).status_code == 200
    assert Coding.objects.get().perspective == ""
    _json(client, "coding:step_undo", world)
    assert not Coding.objects.exists()
    state = json.loads(_json(client, "coding:step_redo", world).content)
    assert state["redo"] == "Re-mark “Feelings” as patient's experience"
    assert str(Coding.objects.get().code) == coding


def test_it_shows_the_buttons_and_the_next_step_on_the_coding_page(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    _apply(client, source, theme)
    page = client.get(reverse("coding:source", args=[source.code])).content.decode()
    assert 'id="undo-button"' in page and "Undo: Apply “Feelings” in “Session note”" in page
    assert "coding/undo.js" in page


def test_it_never_undoes_another_coders_work(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    _apply(client, source, theme)
    client.force_login(world.co_leader.user)
    response = _json(client, "coding:step_undo", world)
    assert response.status_code == 409 and "nothing of yours to undo" in response.content.decode()
    client.force_login(world.analyst.user)
    assert _json(client, "coding:step_undo", world).status_code == 409
    assert Coding.objects.filter(coder=world.leader).count() == 1


def test_it_returns_to_the_page_it_came_from_only_on_this_site(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    _apply(client, source, theme)
    back = reverse("coding:source", args=[source.code])
    response = client.post(reverse("coding:step_undo", args=[world.program.slug]), {"next": back})
    assert response.status_code == 302 and response.url == back
    response = client.post(
        reverse("coding:step_redo", args=[world.program.slug]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("coding:history", args=[world.program.slug])


def test_it_lists_the_persons_steps_in_the_analysis_log(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    _apply(client, source, theme)
    _json(client, "coding:step_undo", world)
    page = client.get(reverse("coding:history", args=[world.program.slug])).content.decode()
    assert "Apply “Feelings” in “Session note”" in page and "Undone" in page
    client.force_login(world.analyst.user)
    page = client.get(reverse("coding:history", args=[world.program.slug])).content.decode()
    assert "Feelings" not in page


@pytest.mark.parametrize("steps", [2, 12])
def test_it_shows_the_analysis_log_in_a_fixed_number_of_queries(
    client, world, steps, django_assert_max_num_queries
):
    """Measured with 2 and 12 steps (one of them undone): the count does not grow with the log."""
    source = make_source(world.program, group=world.group, text="x" * 400)
    theme = make_theme(world.program, "Feelings")
    client.force_login(world.leader.user)
    for number in range(steps):
        _apply(client, source, theme, start=number * 20, end=number * 20 + 10)
    _json(client, "coding:step_undo", world)
    url = reverse("coding:history", args=[world.program.slug])
    with django_assert_max_num_queries(10):  # 10 measured at both sizes
        page = client.get(url)
    assert (
        page.status_code == 200 and page.content.decode().count("Apply “Feelings”") >= steps
    )  # every step listed


def test_a_highlights_answer_carries_the_undo_panels_labels_only_when_it_made_a_step(client, world, place):
    source, theme = place
    client.force_login(world.leader.user)
    _apply(client, source, theme)
    _json(client, "coding:step_undo", world)  # something to redo, dropped by the next step
    url = reverse("coding:coding_create", args=[source.code])
    first = json.loads(client.post(url, {"start": 0, "end": 12, "themes": [str(theme.code)]}).content)
    state = json.loads(_json(client, "coding:history", world, "get").content)
    assert (
        (first["undo"], first["redo"])
        == (state["undo"], state["redo"])
        == (
            "Apply “Feelings” in “Session note”",
            None,
        )
    )
    again = json.loads(client.post(url, {"start": 0, "end": 12, "themes": [str(theme.code)]}).content)
    assert again["codings"] and "undo" not in again and "redo" not in again
