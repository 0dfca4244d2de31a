"""The agreement page shows its disagreements ten at a time, on every theme or on the theme chosen."""

import pytest
from django.urls import reverse

from balint.coding import services
from balint.coding.tests.factories import code, make_source, make_theme
from balint.programs.models import Program

pytestmark = pytest.mark.django_db
QUERIES = 13  # sign-in, access, coders and names, figures from the cache, themes, the page's source
PARAGRAPHS = [f"Paragraph {i:02d} where the resident spoke of the patient." for i in range(14)]


@pytest.fixture
def disagreed(world):
    """Fourteen disagreements: the leader alone applied "Feelings" to paragraphs 0–11, the co-leader alone
    applied "Patient" to paragraphs 12 and 13; both marked the source as coded."""
    text = "\n\n".join(PARAGRAPHS)
    source = make_source(world.program, text=text, group=world.group)
    feelings = make_theme(world.program, "Feelings")
    patient = make_theme(world.program, "Patient")
    for index, paragraph in enumerate(PARAGRAPHS):
        start = text.index(paragraph)
        coder, theme = (world.leader, feelings) if index < 12 else (world.co_leader, patient)
        code(source, coder, theme, start, start + len(paragraph))
    for coder in (world.leader, world.co_leader):
        services.source_mark_done(source=source, coder=coder, done=True)
    return world, feelings, patient


def _shown(page: str) -> list[int]:
    return [i for i, paragraph in enumerate(PARAGRAPHS) if paragraph in page]


def test_the_disagreements_come_ten_at_a_time(client, disagreed):
    world, *_ = disagreed
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])

    first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    assert "Disagreements (14)" in page
    assert _shown(page) == list(range(10))
    assert "1–10 of 14" in page
    assert 'href="?page=2#disagreements" rel="next"' in page
    assert 'rel="prev"' not in page

    second = client.get(url, {"page": 2})
    assert second.status_code == 200  # the page number alone is no filter to check
    page = second.content.decode()
    assert _shown(page) == [10, 11, 12, 13]
    assert "11–14 of 14" in page
    assert 'href="?page=1#disagreements" rel="prev"' in page
    assert 'rel="next"' not in page


def test_the_pages_keep_the_filters_chosen(client, disagreed):
    world, *_ = disagreed
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    chosen = {
        "coders": [str(world.leader.code), str(world.co_leader.code)],
        "granularity": "paragraph",
        "uncoded": "include",
    }
    page = client.get(url, {**chosen, "page": 2}).content.decode()
    assert _shown(page) == [10, 11, 12, 13]
    previous = page.split('" rel="prev"')[0].rsplit('href="', 1)[1]
    assert "uncoded=include" in previous and str(world.co_leader.code) in previous
    assert previous.endswith("page=1#disagreements")
    assert "page=2" not in previous  # the page shown is not carried into the links


def test_a_page_past_the_end_or_no_number_shows_a_real_page(client, disagreed):
    world, *_ = disagreed
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    assert _shown(client.get(url, {"page": 99}).content.decode()) == [10, 11, 12, 13]
    assert _shown(client.get(url, {"page": "x"}).content.decode()) == list(range(10))


def test_the_disagreements_on_one_theme(client, disagreed):
    world, feelings, patient = disagreed
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])

    page = client.get(url).content.decode()
    assert f'on={feelings.code}#disagreements">12</a>' in page
    assert f'on={patient.code}#disagreements">2</a>' in page

    response = client.get(url, {"on": str(patient.code)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 disagreements on “Patient”" in page
    assert _shown(page) == [12, 13]
    assert 'class="pagination"' not in page
    assert 'href="?#disagreements">Show the disagreements on every theme' in page

    page = client.get(url, {"on": str(feelings.code), "page": 2}).content.decode()
    assert _shown(page) == [10, 11]
    assert f'href="?on={feelings.code}&amp;page=1#disagreements" rel="prev"' in page


def test_a_theme_of_no_such_code_or_of_another_program_is_not_found(client, disagreed):
    world, *_ = disagreed
    other = Program.objects.create(name="Other program", slug="other-program")
    foreign = make_theme(other, "Feelings")
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    assert client.get(url, {"on": str(foreign.code)}).status_code == 404
    assert client.get(url, {"on": "no-such-theme"}).status_code == 404


def test_the_page_costs_the_same_queries_whatever_page_is_shown(
    client, disagreed, django_assert_max_num_queries
):
    world, feelings, _ = disagreed
    client.force_login(world.leader.user)
    url = reverse("coding:agreement", args=[world.program.slug])
    client.get(url)  # figures into the cache
    with django_assert_max_num_queries(QUERIES):
        client.get(url, {"page": 2})
    with django_assert_max_num_queries(QUERIES):
        client.get(url, {"on": str(feelings.code)})
