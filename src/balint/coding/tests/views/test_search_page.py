import pytest
from django.urls import reverse

from balint.coding.models import Coding, CodingStep, Source
from balint.coding.tests.factories import code, make_source, make_theme

NOTE = "The resident spoke of trust. Then silence.\n\nTrust returned at the end."


@pytest.fixture
def material(world):
    note = make_source(world.program, title="Tuesday note", group=world.group, text=NOTE)
    identified = make_source(
        world.program,
        kind=Source.Kind.DOCUMENT,
        title="Raw interview",
        deidentified=False,
        text="Rita Resident spoke of trust in Dr Jones.",
    )
    theme = make_theme(world.program, "Trust")
    return note, identified, theme


def _url(world, **params):
    return reverse("coding:search", args=[world.program.slug]), params


def test_it_shows_hits_in_context_with_their_codes(client, world, material):
    note, _, theme = material
    code(note, world.leader, theme, 0, NOTE.index(" Then"))
    client.force_login(world.leader.user)
    url, params = _url(world, q="trust")
    page = client.get(url, params).content.decode()
    assert "3 hits in 2 source(s)" in page
    assert "<mark>trust</mark>" in page and "<mark>Trust</mark>" in page
    assert "Trust (yours)" in page.replace("</span>", "")


def test_it_never_shows_an_analyst_a_source_they_may_not_code(client, world, material):
    client.force_login(world.analyst.user)
    url, params = _url(world, q="trust")
    page = client.get(url, params).content.decode()
    assert "2 hits in 1 source" in page
    assert "Rita" not in page and "Raw interview" not in page and "Jones" not in page


def test_it_refuses_a_bad_expression_with_a_clear_error(client, world, material):
    client.force_login(world.leader.user)
    url, params = _url(world, q="(trust", regex="on")
    response = client.get(url, params)
    assert response.status_code == 422
    assert "not a regular expression the search understands" in response.content.decode()


@pytest.mark.parametrize("extra", [1, 6])
def test_it_costs_a_fixed_number_of_queries(client, world, material, django_assert_max_num_queries, extra):
    note, _, theme = material
    for i in range(extra):
        extra = make_source(world.program, title=f"Extra {i}", group=world.group, text=NOTE)
        code(extra, world.leader, theme, 0, 10)
    client.force_login(world.leader.user)
    url, params = _url(world, q="trust", inside=str(theme.code))
    client.get(url, params)  # warm the session and caches
    # Measured with 2 and 7 sources: 11 on PostgreSQL, 14 on SQLite (which also saves the session here).
    with django_assert_max_num_queries(14) as queries:
        page = client.get(url, params).content.decode()
    assert "hits in" in page, [q["sql"] for q in queries.captured_queries]


def test_it_previews_then_auto_codes_as_one_step_that_undo_takes_back(client, world, material):
    note, _, theme = material
    client.force_login(world.analyst.user)
    url, params = _url(world, q="trust")
    preview = client.get(url, {**params, "theme": str(theme.code), "unit": "sentence", "preview": "1"})
    page = preview.content.decode()
    assert "2 passages" in page and "Code 2 passages with “Trust”" in page
    assert not Coding.objects.exists()
    post = {"q": "trust", "theme": str(theme.code), "unit": "sentence", "expected": "2"}
    response = client.post(reverse("coding:search_autocode", args=[world.program.slug]), post, follow=True)
    assert "Auto-coded 2 passage(s) with “Trust”." in response.content.decode()
    assert sorted(Coding.objects.values_list("quote", flat=True)) == [
        "The resident spoke of trust.",
        "Trust returned at the end.",
    ]
    assert CodingStep.objects.get().person == world.analyst
    response = client.post(reverse("coding:step_undo", args=[world.program.slug]), follow=True)
    assert "Undone: Auto-code “Trust” on 2 sentences in 1 source." in response.content.decode()
    assert not Coding.objects.exists()


def test_it_refuses_an_auto_code_whose_preview_is_stale(client, world, material):
    _, _, theme = material
    client.force_login(world.leader.user)
    post = {"q": "trust", "theme": str(theme.code), "unit": "hit", "expected": "1"}
    response = client.post(reverse("coding:search_autocode", args=[world.program.slug]), post, follow=True)
    assert "changed since the preview" in response.content.decode()
    assert not Coding.objects.exists()


def test_it_refuses_a_preview_without_a_theme_of_this_codebook(client, world, material):
    client.force_login(world.leader.user)
    url, params = _url(world, q="trust")
    response = client.get(url, {**params, "theme": "not-a-theme", "unit": "sentence", "preview": "1"})
    assert response.status_code == 422 and "valid" in response.content.decode().split("Theme to apply")[1]
    assert not Coding.objects.exists()
