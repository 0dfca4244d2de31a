"""Codings applied or removed through the API are steps of the person's coding history: undone on the page."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding.models import Coding, CodingStep
from balint.coding.tests.factories import code, make_source, make_theme

from .conftest import api_get, api_post, bearer


def _page(client, world, name: str) -> dict:
    """The coding page's undo/redo endpoints and its history state, as its script calls them (JSON)."""
    method = client.get if name == "coding:history" else client.post
    response = method(reverse(name, args=[world.program.slug]), headers={"Accept": "application/json"})
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _delete(client, coding_code, token: str):
    return client.delete(f"/api/v1/codings/{coding_code}", headers=bearer(token))


def test_a_coding_applied_through_the_api_is_undone_and_redone_on_the_page(client, world, token_for):
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Feelings")
    token = token_for(world.analyst, read_only=False)
    body = {"themes": [str(theme.code)], "start": 4, "end": 12, "perspective": "resident"}
    made = api_post(client, f"/sources/{source.code}/codings", token, body).json()[0]["code"]
    step = CodingStep.objects.get(person=world.analyst)
    assert step.kind == "apply" and step.label == "Apply “Feelings” in “Session note”"
    api_post(client, f"/sources/{source.code}/codings", token, body)  # applied again: nothing new, no step
    assert CodingStep.objects.filter(person=world.analyst).count() == 1
    client.force_login(world.analyst.user)  # the same person, later, on the page (a reload: all from the DB)
    assert _page(client, world, "coding:history") == {
        "undo": "Apply “Feelings” in “Session note”",
        "redo": None,
    }
    assert _page(client, world, "coding:step_undo")["redo"] == "Apply “Feelings” in “Session note”"
    assert not Coding.objects.exists()
    _page(client, world, "coding:step_redo")
    again = Coding.objects.get()
    assert (str(again.code), again.start, again.end, again.perspective) == (made, 4, 12, "resident")


def test_a_coding_removed_through_the_api_is_put_back_by_the_pages_undo(client, world, token_for):
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Feelings")
    coding = code(source, world.leader, theme, 0, 12, perspective="patient")
    token = token_for(world.leader, read_only=False)
    api_get(client, "/me", token)  # the token's first use notes when it was used; not counted below
    with CaptureQueriesContext(connection) as queries:
        response = _delete(client, coding.code, token)
    assert response.status_code == 204, response.content
    # token and rate limit 2; the coding, its coder's person with roles and visibility 3; the delete and what
    # hangs on it 4; the step 2; the savepoints of coding_remove, coding_delete and the step 6
    assert len(queries) == 17, [q["sql"] for q in queries.captured_queries]
    assert not Coding.objects.exists()
    client.force_login(world.leader.user)
    assert _page(client, world, "coding:history")["undo"] == "Remove “Feelings” in “Session note”"
    _page(client, world, "coding:step_undo")
    back = Coding.objects.get()
    assert (back.code, back.start, back.end, back.perspective, back.coder) == (
        coding.code,
        0,
        12,
        "patient",
        world.leader,
    )
    assert back.created_at == coding.created_at
    _page(client, world, "coding:step_redo")
    assert not Coding.objects.exists()


def test_the_api_removes_only_the_callers_own_codings_and_only_with_a_write_token(client, world, token_for):
    source = make_source(world.program, group=world.group)
    coding = code(source, world.leader, make_theme(world.program, "Feelings"), 0, 12)
    refused = _delete(client, coding.code, token_for(world.analyst, read_only=False))
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the coder who applied a code can remove it."
    assert _delete(client, coding.code, token_for(world.leader)).status_code == 403  # read-only token
    assert _delete(client, coding.code, token_for(world.resident, read_only=False)).status_code == 403
    other_program = _delete(client, coding.code, token_for(world.outsider, read_only=False))
    assert other_program.status_code == 404
    unknown = _delete(
        client, "00000000-0000-0000-0000-000000000000", token_for(world.leader, read_only=False)
    )
    assert unknown.status_code == 404
    assert Coding.objects.filter(pk=coding.pk).exists() and not CodingStep.objects.exists()
