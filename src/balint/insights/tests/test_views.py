"""Assistance pages: candidate themes, suggestions with evidence, one-click decisions, the quality figure."""

import re

import pytest
from conftest import PASSWORD
from django.test import override_settings
from django.urls import reverse

from balint.coding.models import Coding, Source, Theme
from balint.coding.services import source_create
from balint.insights import services
from balint.insights.models import Suggestion, ThemeRun

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def analyst_client(client, world):
    assert client.login(username=world.analyst.user.username, password=PASSWORD)
    return client


def assistance_url(world):
    return reverse("insights:assistance", args=[world.program.slug])


def test_it_runs_candidate_themes_and_shows_terms_quotes_and_size(analyst_client, labelled_program, world):
    response = analyst_client.post(
        reverse("insights:themes_run", args=[world.program.slug]), {"engine": "tfidf", "scope": "uncoded"}
    )
    assert response.status_code == 302 and response["Location"] == assistance_url(world)
    run = ThemeRun.objects.get()
    assert run.status == "done" and run.requested_by == world.analyst and run.job.status == "done"
    page = analyst_client.get(assistance_url(world)).content.decode()
    candidate = run.suggestions.first()
    assert f'id="candidate-{candidate.code}"' in page
    assert "Promote to theme" in page and "Dismiss" in page
    assert candidate.explanation["quotes"][0]["text"] in page
    assert f"{candidate.explanation['size']} passage" in page
    again = analyst_client.post(
        reverse("insights:themes_run", args=[world.program.slug]), {"engine": "tfidf", "scope": "uncoded"}
    )
    assert again.status_code == 302 and ThemeRun.objects.count() == 1


def test_it_refuses_an_unknown_engine_with_the_form_again(analyst_client, labelled_program, world):
    response = analyst_client.post(
        reverse("insights:themes_run", args=[world.program.slug]), {"engine": "gpt", "scope": "uncoded"}
    )
    assert response.status_code == 422 and b"Select a valid choice" in response.content
    assert not ThemeRun.objects.exists()


@override_settings(INSIGHTS_SEMANTIC_ENABLED=False)
def test_it_says_so_on_the_page_when_the_semantic_engine_is_unavailable(
    analyst_client, labelled_program, world
):
    page = analyst_client.get(assistance_url(world)).content.decode()
    assert 'id="engine-note"' in page and "TF-IDF" in page
    analyst_client.post(
        reverse("insights:themes_run", args=[world.program.slug]), {"engine": "semantic", "scope": "all"}
    )
    page = analyst_client.get(assistance_url(world)).content.decode()
    assert "engine tfidf (asked for semantic)" in page and "switched off" in page


def test_it_says_the_extra_is_missing_when_it_is_not_installed(analyst_client, world, monkeypatch):
    monkeypatch.setattr("balint.insights.services.availability.semantic_available", lambda: False)
    page = analyst_client.get(assistance_url(world)).content.decode()
    assert "sentence-embedding model is not installed" in page


def test_it_promotes_and_dismisses_candidates_with_one_click(analyst_client, labelled_program, world):
    run, _ = services.theme_run_find_or_create(
        program=world.program, roles=None, person=world.leader, engine="tfidf", scope="all"
    )
    run = services.theme_run_execute(run=run)
    first, second = list(run.suggestions.order_by("rank"))[:2]
    response = analyst_client.post(
        reverse("insights:accept", args=[first.code]), {"name": "New theme"}, **HTMX
    )
    assert (
        response.status_code == 200
        and b"Promoted to" in response.content
        and b"New theme" in response.content
    )
    assert Theme.objects.filter(name="New theme", program=world.program).count() == 1
    response = analyst_client.post(reverse("insights:reject", args=[second.code]), **HTMX)
    assert b"Dismissed by Ana Analyst" in response.content
    too_long = analyst_client.post(reverse("insights:accept", args=[second.code]), {"name": "x" * 500})
    assert too_long.status_code == 400


def test_it_shows_suggested_codes_with_evidence_and_accepts_one(analyst_client, labelled_program, world):
    url = reverse("insights:source", args=[labelled_program.extra.code])
    response = analyst_client.post(reverse("insights:source_suggest", args=[labelled_program.extra.code]))
    assert response.status_code == 302
    page = analyst_client.get(url).content.decode()
    assert "Most similar coded passages" in page and "Structure and logistics theme" in page
    assert "Category:" in page and "Perspective:" in page
    (suggestion,) = [
        s for s in Suggestion.objects.filter(kind="code", rank=0) if "afternoon clinic" in s.passage
    ]  # the passage is encrypted at rest, so it is matched in Python
    response = analyst_client.post(reverse("insights:accept", args=[suggestion.code]), **HTMX)
    assert response.status_code == 200 and b"Accepted by Ana Analyst" in response.content
    coding = Coding.objects.get(source=labelled_program.extra)
    assert coding.coder == world.analyst and coding.theme == suggestion.theme
    analyst_client.post(reverse("insights:accept", args=[suggestion.code]))  # a double submit
    assert Coding.objects.filter(source=labelled_program.extra).count() == 1


def test_it_suggests_for_one_passage_and_refuses_a_forged_span(analyst_client, labelled_program, world):
    extra = labelled_program.extra
    url = reverse("insights:source_suggest", args=[extra.code])
    assert analyst_client.post(url, {"start": "10", "end": "5"}).status_code == 422
    assert analyst_client.post(url, {"start": "abc"}).status_code == 422
    assert analyst_client.post(url, {"start": "0", "end": str(len(extra.text) + 50)}).status_code == 400
    assert not Suggestion.objects.exists()
    end = extra.text.index("\n\n")
    assert analyst_client.post(url, {"start": "0", "end": str(end)}).status_code == 302
    assert set(Suggestion.objects.values_list("start", "end")) == {(0, end)}


def test_it_pins_the_queries_of_the_pages(
    analyst_client, labelled_program, world, django_assert_max_num_queries
):
    services.source_suggest(source=labelled_program.extra, roles=None, person=world.analyst)
    run, _ = services.theme_run_find_or_create(
        program=world.program, roles=None, person=world.analyst, engine="tfidf", scope="all"
    )
    services.theme_run_execute(run=run)
    services.suggestion_accept(suggestion=run.suggestions.first(), person=world.analyst)
    with django_assert_max_num_queries(20):
        assert (
            analyst_client.get(reverse("insights:source", args=[labelled_program.extra.code])).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        assert analyst_client.get(assistance_url(world)).status_code == 200


def test_it_shows_the_quality_figure_beside_the_suggestions(analyst_client, labelled_program, world):
    response = analyst_client.post(reverse("insights:evaluate", args=[world.program.slug]))
    assert response.status_code == 302
    page = analyst_client.get(reverse("insights:source", args=[labelled_program.extra.code])).content.decode()
    assert 'id="quality-code"' in page and "macro-F1" in page and "baseline" in page
    again = analyst_client.post(reverse("insights:evaluate", args=[world.program.slug]), follow=True)
    assert b"Nothing changed in the coded data" in again.content


def test_it_hides_suggestions_quoting_sources_the_person_cannot_see(client, labelled_program, world):
    secret = source_create(
        program=world.program, kind=Source.Kind.DOCUMENT, title="Raw", text="Identifiable text here.",
        deidentified=False,
    )  # fmt: skip
    suggestion = Suggestion.objects.create(
        program=world.program, kind="category", source=labelled_program.extra, start=0, end=5, passage="x",
        value="other", score=0.5, source_ids=[labelled_program.extra.pk, secret.pk],
    )  # fmt: skip
    assert client.login(username=world.analyst.user.username, password=PASSWORD)
    assert client.post(reverse("insights:accept", args=[suggestion.code])).status_code == 404
    assert client.get(reverse("insights:source", args=[secret.code])).status_code == 404
    page = client.get(reverse("insights:source", args=[labelled_program.extra.code])).content.decode()
    assert str(suggestion.code) not in page


def test_it_links_the_coding_page_to_the_suggestions(analyst_client, labelled_program):
    page = analyst_client.get(reverse("coding:source", args=[labelled_program.extra.code])).content.decode()
    assert reverse("insights:source", args=[labelled_program.extra.code]) in page


@pytest.mark.parametrize(("installed", "chosen"), [(True, "semantic"), (False, "tfidf")])
def test_it_chooses_sentence_meaning_first_where_the_model_is_installed(
    analyst_client, world, monkeypatch, installed, chosen
):
    monkeypatch.setattr("balint.insights.services.availability.semantic_available", lambda: installed)
    page = analyst_client.get(assistance_url(world)).content.decode()
    checked = re.search(r'<input[^>]*name="engine"[^>]*checked[^>]*>', page)
    assert checked and f'value="{chosen}"' in checked.group(0)


@override_settings(INSIGHTS_SEMANTIC_ENABLED=False)
def test_the_engine_note_reads_in_german(analyst_client, labelled_program, world):
    page = analyst_client.get(assistance_url(world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Die semantische Engine ist in dieser Installation ausgeschaltet" in page
    assert "The semantic engine is switched off" not in page


def test_a_quality_figure_not_measured_says_why_in_german(analyst_client, world):
    from balint.coding.tests.factories import world_analysis
    from balint.insights.evaluation import program_evaluate

    analysis = world_analysis(world)  # one coded passage: too few to measure, the reason stored in English
    program_evaluate(program=world.program)
    url = reverse("insights:source", args=[analysis.source.code])
    page = analyst_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Braucht mindestens sechs Passagen mit genau einem Thema" in page or "Braucht Passagen" in page
    assert "Needs at least six passages" not in page and "Needs passages" not in page
