"""Coding offsets through the page's endpoint and the API: whole characters only, CR LF quotes accepted."""

import pytest
from django.urls import reverse

from balint.api.services import api_token_create
from balint.coding.models import Coding, Source
from balint.coding.tests.factories import make_source, make_theme

TEXT = (
    "The resident felt cornered \U0001f44d\U0001f3fd by the request.\n\n"
    "The group stayed with it \U0001f1eb\U0001f1f7."
)


@pytest.fixture
def setup(world):
    return make_source(world.program, text=TEXT, group=world.group), make_theme(world.program, "Feelings")


def _post(client, source, theme, start, end, quote):
    return client.post(
        reverse("coding:coding_create", args=[source.code]),
        {"start": start, "end": end, "themes": [str(theme.code)], "quote": quote},
    )


def test_a_crlf_quote_over_a_paragraph_break_codes_the_lf_source(client, world, setup):
    source, theme = setup
    client.force_login(world.analyst.user)
    start, end = TEXT.index("request."), TEXT.index("group") + len("group")
    quote = TEXT[start:end].replace("\n", "\r\n")  # what the browser sends in a form body
    response = _post(client, source, theme, start, end, quote)
    assert response.status_code == 201, response.content
    assert Coding.objects.get().quote == TEXT[start:end]


def test_an_lf_quote_codes_a_source_stored_with_crlf(client, world, setup):
    source, theme = setup
    crlf = TEXT.replace("\n", "\r\n")
    Source.objects.filter(pk=source.pk).update(text=crlf)  # as a source stored before normalising would be
    client.force_login(world.analyst.user)
    start, end = crlf.index("request."), crlf.index("group") + len("group")
    response = _post(client, source, theme, start, end, crlf[start:end].replace("\r\n", "\n"))
    assert response.status_code == 201, response.content


def test_a_span_splitting_an_emoji_or_a_flag_is_refused_with_a_clear_message(client, world, setup):
    source, theme = setup
    client.force_login(world.analyst.user)
    thumb = TEXT.index("\U0001f44d")
    flag = TEXT.index("\U0001f1eb")
    for start, end in ((0, thumb + 1), (thumb + 1, thumb + 10), (flag + 1, len(TEXT))):
        response = _post(client, source, theme, start, end, TEXT[start:end])
        assert response.status_code == 400
        assert "inside a character made of several parts" in response.json()["message"]
    assert not Coding.objects.exists()
    token = api_token_create(person=world.analyst, name="t", read_only=False).secret
    response = client.post(
        f"/api/v1/sources/{source.code}/codings",
        {"themes": [str(theme.code)], "start": thumb + 1, "end": thumb + 10},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400 and "several parts" in response.json()["message"]
    assert not Coding.objects.exists()
