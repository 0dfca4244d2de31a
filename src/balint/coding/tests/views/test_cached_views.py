"""The theme views and agreement page read their figures from the shared cache until the data changes."""

import base64
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding import selectors, services
from balint.coding.access import visibility_key, visible_sources
from balint.coding.models import Category, Coding, Source
from balint.coding.tests.factories import code, make_source, make_theme
from balint.programs.access import roles_for
from balint.programs.models import Group

pytestmark = pytest.mark.django_db
SECRET_PHRASE = "the daughter phoned the clinic at midnight"
TEXT = f"First paragraph where {SECRET_PHRASE}.\n\nSecond paragraph, calmer.\n\nThird paragraph, hopeful."


@pytest.fixture
def coded(world):
    """Three de-identified sources in two months, two themes, codings by two coders that partly disagree."""
    feelings = make_theme(world.program, "Feelings")
    patient = make_theme(world.program, "Patient")
    sources = [
        make_source(world.program, text=TEXT, group=world.group, date=datetime.date(2025, month, 4))
        for month in (3, 3, 5)
    ]
    for source in sources:
        code(source, world.leader, feelings, 0, 40)
        code(source, world.co_leader, feelings, 0, 40)
        code(source, world.leader, patient, 0, 40)
    code(sources[0], world.co_leader, patient, 42, 60)
    return world, sources, feelings, patient


def fresh_and_cached(world, person):
    """The views' figures computed afresh and through the cache, as plain values."""
    roles = roles_for(person.user, world.program)
    sources, filters = visible_sources(roles), selectors.Filters()
    codings = filters.codings(sources)
    matrix = selectors.co_occurrence(program=world.program, codings=codings)
    timeline = selectors.theme_frequency_by_month(program=world.program, codings=codings)
    fresh = (
        timeline,
        [t.name for t in matrix.themes],
        matrix.matrix,
        selectors.perspective_counts(codings=codings),
    )
    views = selectors.theme_views(
        program=world.program, sources=sources, filters=filters, scope=visibility_key(roles)
    )
    cached = (views.timeline, [t.name for t in views.matrix.themes], views.matrix.matrix, views.perspectives)
    return fresh, cached


def agreement_fresh_and_cached(world, person):
    roles = roles_for(person.user, world.program)
    args = {
        "program": world.program,
        "sources": visible_sources(roles),
        "coders": [world.co_leader, world.leader],
        "granularity": "paragraph",
        "uncoded": "exclude",
    }
    fresh = selectors.agreement(**args)
    cached = selectors.agreement(**args, scope=(visibility_key(roles), None, ""))

    def plain(result):
        rows = [(r.source.pk, r.unit, r.text, r.theme.pk, r.applied) for r in result.disagreements]
        return (result.report, result.sources, result.disagreement_count, rows)

    return plain(fresh), plain(cached)


def main(page) -> str:
    """The page's main content (the head carries a per-request nonce)."""
    body = page.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def test_the_timeline_and_perspectives_count_each_coding_once_by_month_and_theme(coded):
    world, sources, feelings, patient = coded
    undated = make_source(world.program, text=TEXT, group=world.group, date=None)
    code(undated, world.leader, patient, 0, 40, perspective="patient")
    codings = selectors.Filters().codings(visible_sources(roles_for(world.leader.user, world.program)))
    timeline = selectors.theme_frequency_by_month(program=world.program, codings=codings)
    assert timeline.months == ["2025-03", "2025-04", "2025-05"]
    assert [(row["name"], row["counts"]) for row in timeline.themes] == [
        ("Feelings", [4, 0, 2]),
        ("Patient", [3, 0, 1]),
    ]
    assert timeline.undated == 1
    perspectives = dict(selectors.perspective_counts(codings=codings))
    assert sum(perspectives.values()) == 11
    assert perspectives[dict(Coding.Perspective.choices)["patient"]] == 1


def test_a_repeat_view_reads_the_cache_in_fewer_queries_and_shows_the_same_page(client, coded):
    world = coded[0]
    client.force_login(world.analyst.user)
    for name, limit in (("views", 18), ("agreement", 17)):
        url = reverse(f"coding:{name}", args=[world.program.slug])
        with CaptureQueriesContext(connection) as first:
            first_page = client.get(url)
        with CaptureQueriesContext(connection) as second:
            second_page = client.get(url)
        assert first_page.status_code == second_page.status_code == 200
        assert main(first_page) == main(second_page)
        assert len(second) <= limit < len(first), name
    body = client.get(reverse("coding:views", args=[world.program.slug])).content.decode()
    assert "10 codings by session date" in body


def test_every_add_edit_and_delete_reaches_the_theme_views(coded):
    world, sources, feelings, patient = coded
    fresh, cached = fresh_and_cached(world, world.analyst)
    assert fresh == cached and fresh[0].total == 10
    before = cached

    def check() -> tuple:
        fresh, cached = fresh_and_cached(world, world.analyst)
        assert fresh == cached
        return cached

    added = code(sources[2], world.co_leader, patient, 0, 40)  # add
    after_add = check()
    assert after_add != before and after_add[0].total == 11
    services.coding_set_perspective(coding=added, by=world.co_leader, perspective="patient")  # edit
    after_edit = check()
    assert after_edit[3] != after_add[3]
    services.coding_delete(coding=added, by=world.co_leader)  # delete
    assert check()[0].total == 10 and check()[3] == before[3]
    oldest = Coding.objects.filter(source=sources[1], coder=world.leader, theme=patient).get()
    services.coding_delete(coding=oldest, by=world.leader)  # delete a row that is not the latest change
    assert check()[0].total == 9
    source = Source.objects.get(pk=sources[2].pk)
    source.date = datetime.date(2025, 9, 1)  # a source moves month
    source.save()
    assert check()[0].months[-1] == "2025-09"
    services.theme_update(theme=patient, data={"name": "Patient's world"})  # a theme renamed
    assert "Patient's world" in check()[1]
    category = Category.objects.create(program=world.program, name="Emotions", position=0)
    services.theme_update(theme=feelings, data={"category": category})  # a category
    assert [row["name"] for row in check()[0].categories][0] == "Emotions"
    services.theme_merge(theme=patient, into=feelings)  # codings re-pointed in bulk
    assert check()[1] == ["Feelings"]
    Source.objects.get(pk=sources[0].pk).delete()  # a source and its codings deleted
    assert check()[0].total < 10


def test_a_leader_sees_a_new_groups_sources_at_once(coded):
    world = coded[0]
    other = Group.objects.create(program=world.program, name="Thursday group")
    hidden = make_source(
        world.program, text=TEXT, group=other, deidentified=False, date=datetime.date(2025, 6, 1)
    )
    code(hidden, world.co_leader, coded[2], 0, 10)
    fresh, cached = fresh_and_cached(world, world.leader)
    assert fresh == cached and cached[0].total == 10
    other.leaders.add(world.leader)  # no row of the analysis changes, only who leads what
    fresh, cached = fresh_and_cached(world, world.leader)
    assert fresh == cached and cached[0].total == 11


def test_every_change_reaches_the_agreement_figures(coded):
    world, sources, feelings, patient = coded
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 3 and cached[2] > 0
    before = cached
    added = code(sources[1], world.co_leader, patient, 0, 40)  # add: one disagreement fewer
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[2] == before[2] - 1
    services.coding_delete(coding=added, by=world.co_leader)  # delete
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached == before
    oldest = Coding.objects.filter(source=sources[0], coder=world.co_leader, theme=patient).get()
    services.coding_delete(coding=oldest, by=world.co_leader)  # not the latest change
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[0] != before[0]
    lone = make_source(world.program, text=TEXT, group=world.group)
    code(lone, world.leader, feelings, 0, 40)
    services.source_mark_done(source=lone, coder=world.co_leader, done=True)  # a "coded" mark
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 4
    services.source_mark_done(source=lone, coder=world.co_leader, done=False)
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 3


def test_the_cache_holds_no_source_text(client, coded):
    world = coded[0]
    client.force_login(world.analyst.user)
    for name in ("views", "agreement"):
        page = client.get(reverse(f"coding:{name}", args=[world.program.slug]))
        assert page.status_code == 200
    assert (
        SECRET_PHRASE in client.get(reverse("coding:agreement", args=[world.program.slug])).content.decode()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM balint_cache")
        rows = cursor.fetchall()
    assert {key.split(".")[2] for key, _ in rows if "balint.coding." in key} == {"views", "agreement-all"}
    for _, value in rows:
        stored = base64.b64decode(value)
        assert SECRET_PHRASE.encode() not in stored and b"Second paragraph" not in stored


def test_a_coding_in_another_program_leaves_this_programs_figures_cached(coded):
    """The cache is per program: leaders coding in program B all day must not make program A's analysts
    recompute A's figures, while B's own page shows B's new coding at once."""
    world = coded[0]
    other = world.other_program
    theme = make_theme(other, "Hillcrest theme")
    source = make_source(other, text=TEXT, group=world.outsider_group, date=datetime.date(2025, 4, 2))
    code(source, world.outsider, theme, 0, 40)

    clients = {}
    for person in (world.analyst, world.outsider):
        clients[person.pk] = Client()
        clients[person.pk].force_login(person.user)
        clients[person.pk].get(reverse("core:home"))  # the session's first request out of the way

    def view(person, program) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = clients[person.pk].get(reverse("coding:views", args=[program.slug]))
        assert page.status_code == 200
        return len(queries), main(page)

    fresh_a, page_a = view(world.analyst, world.program)
    cached_a, _ = view(world.analyst, world.program)
    assert cached_a < fresh_a and "10 codings by session date" in page_a
    fresh_b, page_b = view(world.outsider, other)
    assert "1 codings by session date" in page_b or "1 coding by session date" in page_b

    code(source, world.outsider, theme, 42, 60)  # program B changes

    after_a, again_a = view(world.analyst, world.program)
    assert after_a == cached_a and again_a == page_a  # A read from the cache, unchanged
    after_b, again_b = view(world.outsider, other)
    assert after_b == fresh_b and "2 codings by session date" in again_b  # B recomputed at once
    assert code(coded[1][0], world.leader, coded[3], 42, 60)  # and A's own change still reaches A
    changed_a, page_a2 = view(world.analyst, world.program)
    assert changed_a == fresh_a and "11 codings by session date" in page_a2


def cache_entries(name: str) -> list[tuple[str, str]]:
    """The cache's entries of one page's figures, as stored (key, value)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cache_key, value FROM balint_cache WHERE cache_key LIKE %s ORDER BY cache_key",
            [f"%balint.coding.{name}.%"],
        )
        return cursor.fetchall()


def test_a_coding_on_a_source_one_coder_touched_leaves_the_agreement_figures_cached(coded):
    """Agreement is computed from the sources two coders touched: leaders coding their own notes all day
    must not make every analyst recompute it, yet a second coder's first coding reaches it at once."""
    world, sources, feelings, patient = coded
    lone = make_source(world.program, text=TEXT, group=world.group, date=datetime.date(2025, 6, 1))
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 3
    stored = cache_entries("agreement-all")
    assert len(stored) == 1

    code(lone, world.leader, feelings, 0, 40)  # one coder only: the figures cannot change
    code(lone, world.leader, patient, 42, 60)
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 3
    assert cache_entries("agreement-all") == stored  # read from the cache, nothing recomputed

    code(lone, world.co_leader, patient, 0, 40)  # a second coder: the source is shared now
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 4
    recomputed = cache_entries("agreement-all")
    assert [key for key, _ in recomputed] == [key for key, _ in stored] and recomputed != stored  # replaced

    services.theme_merge(theme=patient, into=feelings)  # codings of a shared source re-pointed in bulk
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and list(cached[0].by_theme) == [feelings.pk]

    hidden = Source.objects.get(pk=sources[0].pk)
    hidden.deidentified = False  # a shared source the analyst may no longer see
    hidden.save()
    fresh, cached = agreement_fresh_and_cached(world, world.analyst)
    assert fresh == cached and cached[1] == 3
    assert hidden.pk not in {row[0] for row in cached[3]}


def test_a_busy_program_keeps_one_entry_per_page_and_filters_in_the_cache(client, coded):
    """Every coding changes the figures; each view after one replaces the page's entry instead of adding
    another, so stale figures never fill the cache (the database cache culls a third of it when full)."""
    world, sources, feelings, patient = coded
    client.force_login(world.analyst.user)
    urls = [reverse(f"coding:{name}", args=[world.program.slug]) for name in ("views", "agreement")]
    march = {"date_to": "2025-03-31"}
    for start in range(42, 62, 4):
        code(sources[1], world.co_leader, patient, start, start + 2)
        code(sources[1], world.leader, patient, start, start + 2)
        for url in urls:
            assert client.get(url).status_code == 200
        assert client.get(urls[0], march).status_code == 200  # other filters: an entry of their own
    assert len(cache_entries("views")) == 2 and len(cache_entries("agreement-all")) == 1
    page = client.get(urls[0]).content.decode()
    assert f"{10 + 2 * 5} codings by session date" in page
