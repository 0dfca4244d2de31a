"""Suggestions are stored, explained and applied only by a person, through the coding services."""

import pytest
from django.test import override_settings
from django.urls import reverse

from balint.coding.models import Coding, Source, Theme
from balint.coding.services import source_create
from balint.core.errors import ApplicationError
from balint.insights import services
from balint.insights.evaluation import program_evaluate
from balint.insights.models import Suggestion, ThemeRun
from balint.insights.selectors import program_fingerprint


def suggest_extra(labelled_program, person):
    return services.source_suggest(source=labelled_program.extra, roles=None, person=person)


def first_code(suggestions, text_part):
    return next(s for s in suggestions if s.kind == "code" and text_part in s.passage and s.rank == 0)


def run_themes(program, person, engine="tfidf", scope="uncoded"):
    run, reused = services.theme_run_find_or_create(
        program=program, roles=None, person=person, engine=engine, scope=scope
    )
    if not reused:
        run = services.theme_run_execute(run=run)
    return run, reused


def test_it_suggests_the_human_theme_for_uncoded_passages_with_evidence(labelled_program, world):
    made = suggest_extra(labelled_program, world.analyst)
    refill = first_code(made, "opioid refill request")
    late = first_code(made, "afternoon clinic ran late")
    assert refill.theme == labelled_program.themes["practical_patient_care"]
    assert late.theme == labelled_program.themes["structure_logistics"]
    for suggestion in (refill, late):
        assert suggestion.status == "pending" and 0 < suggestion.score <= 1
        assert suggestion.explanation["evidence"], "a code suggestion shows the similar coded passages"
        assert all(item["text"] != suggestion.passage for item in suggestion.explanation["evidence"])
    kinds = {s.kind for s in made if s.start == late.start}
    assert kinds == {"code", "category", "perspective"}
    category = next(s for s in made if s.start == late.start and s.kind == "category")
    assert category.value == "structure_logistics" and not category.abstained
    assert category.explanation["terms"] or category.explanation["examples"], "explained by words or examples"
    assert category.score >= category.threshold and category.engine in {"semantic", "tfidf"}


def test_it_keeps_the_provenance_with_an_accepted_suggestion(labelled_program, world):
    from balint.insights.engine.embeddings import model_version

    made = suggest_extra(labelled_program, world.analyst)
    late = first_code(made, "afternoon clinic ran late")
    perspective = next(s for s in made if s.start == late.start and s.kind == "perspective")
    services.suggestion_accept(suggestion=perspective, person=world.analyst)
    perspective.refresh_from_db()
    assert perspective.status == "accepted" and perspective.threshold == 0.5
    if perspective.engine == "semantic":
        assert (perspective.model_name, perspective.model_version) == (
            "paraphrase-MiniLM-L3-v2",
            model_version(),
        )
    assert perspective.explanation["provenance"]["threshold"] == perspective.threshold
    accepted_code = services.suggestion_accept(suggestion=late, person=world.analyst)
    assert accepted_code.engine == "tfidf-neighbours" and accepted_code.threshold is not None


def test_it_stores_an_abstention_as_no_suggestion_that_cannot_be_accepted(labelled_program, world):
    from balint.core.errors import ApplicationError

    source = labelled_program.extra
    source.text += "\n\nWe talked about it for a while."
    source.save(update_fields=["text"])
    start = source.text.index("We talked")
    made = services.source_suggest(
        source=source, roles=None, person=world.analyst, span=(start, len(source.text))
    )
    labels = [s for s in made if s.kind in {"category", "perspective"}]
    abstained = [s for s in labels if s.abstained]
    assert abstained, "a two-word fragment is not sure enough for a category or perspective"
    for suggestion in abstained:
        assert suggestion.score < suggestion.threshold
        with pytest.raises(ApplicationError, match="not sure enough"):
            services.suggestion_accept(suggestion=suggestion, person=world.analyst)


def test_it_codes_nothing_until_a_person_accepts(labelled_program, world):
    codings, themes = Coding.objects.count(), Theme.objects.count()
    suggest_extra(labelled_program, world.analyst)
    run_themes(world.program, world.analyst)
    run_themes(world.program, world.analyst, scope="all")
    program_evaluate(program=world.program)
    assert Coding.objects.count() == codings
    assert Theme.objects.count() == themes
    assert Suggestion.objects.exclude(status="pending").count() == 0


def test_it_accepts_a_code_suggestion_as_exactly_one_coding_by_the_accepting_person(labelled_program, world):
    suggestion = first_code(suggest_extra(labelled_program, world.leader), "afternoon clinic ran late")
    before = Coding.objects.count()
    accepted = services.suggestion_accept(suggestion=suggestion, person=world.analyst)
    again = services.suggestion_accept(suggestion=suggestion, person=world.analyst)
    assert Coding.objects.count() == before + 1
    coding = accepted.created_coding
    assert coding.coder == world.analyst and coding.theme == suggestion.theme
    assert (coding.source, coding.start, coding.end) == (
        labelled_program.extra,
        suggestion.start,
        suggestion.end,
    )
    assert coding.quote == suggestion.passage
    assert accepted.status == "accepted" and accepted.decided_by == world.analyst and accepted.decided_at
    assert again.created_coding == coding


def test_it_records_who_rejected_and_when_and_keeps_decisions_apart(labelled_program, world):
    made = suggest_extra(labelled_program, world.analyst)
    suggestion = first_code(made, "opioid refill request")
    rejected = services.suggestion_reject(suggestion=suggestion, person=world.leader)
    rejected.refresh_from_db()
    assert (rejected.status, rejected.decided_by) == ("rejected", world.leader) and rejected.decided_at
    assert (
        services.suggestion_reject(suggestion=suggestion, person=world.leader).decided_at
        == rejected.decided_at
    )
    with pytest.raises(ApplicationError, match="already rejected"):
        services.suggestion_accept(suggestion=suggestion, person=world.analyst)
    other = first_code(made, "afternoon clinic ran late")
    services.suggestion_accept(suggestion=other, person=world.analyst)
    with pytest.raises(ApplicationError, match="already accepted"):
        services.suggestion_reject(suggestion=other, person=world.analyst)


def test_it_keeps_decided_suggestions_and_proposes_them_no_more(labelled_program, world):
    suggestion = first_code(suggest_extra(labelled_program, world.analyst), "opioid refill request")
    services.suggestion_reject(suggestion=suggestion, person=world.analyst)
    again = suggest_extra(labelled_program, world.analyst)
    assert Suggestion.objects.filter(pk=suggestion.pk, status="rejected").exists()
    assert not [s for s in again if (s.start, s.theme_id) == (suggestion.start, suggestion.theme_id)]
    assert Suggestion.objects.filter(source=labelled_program.extra, status="pending").count() == len(again)


def test_it_codes_with_the_perspective_the_person_accepted_for_the_passage(labelled_program, world):
    made = suggest_extra(labelled_program, world.analyst)
    code = first_code(made, "afternoon clinic ran late")
    perspective = next(s for s in made if s.start == code.start and s.kind == "perspective")
    services.suggestion_accept(suggestion=perspective, person=world.analyst)
    coding = services.suggestion_accept(suggestion=code, person=world.analyst).created_coding
    expected = {"resident": "resident", "patient": "patient", "other": "both"}[perspective.value]
    assert coding.perspective == expected


def test_it_promotes_a_candidate_theme_to_a_draft_theme_once(labelled_program, world):
    run, _ = run_themes(world.program, world.analyst)
    candidate = run.suggestions.order_by("rank").first()
    assert 3 <= len(candidate.explanation["quotes"]) <= 5 and candidate.explanation["top_terms"]
    themes = Theme.objects.count()
    accepted = services.suggestion_accept(
        suggestion=candidate, person=world.analyst, name="Refills and contracts"
    )
    services.suggestion_accept(suggestion=candidate, person=world.analyst, name="Something else")
    assert Theme.objects.count() == themes + 1
    theme = accepted.created_theme
    assert theme.name == "Refills and contracts" and theme.program == world.program and theme.active
    top = candidate.explanation["top_terms"][0][0]
    assert "DRAFT" in theme.definition and top in theme.definition
    assert candidate.explanation["quotes"][0]["text"] in theme.example


def test_it_refuses_a_theme_name_already_in_the_codebook_and_keeps_the_candidate(labelled_program, world):
    run, _ = run_themes(world.program, world.analyst)
    candidate = run.suggestions.first()
    with pytest.raises(ApplicationError, match="already a theme"):
        services.suggestion_accept(suggestion=candidate, person=world.analyst, name="Well-being theme")
    candidate.refresh_from_db()
    assert candidate.status == "pending" and candidate.created_theme is None


def test_it_reuses_a_theme_run_until_the_coded_data_changes(labelled_program, world):
    first, reused = run_themes(world.program, world.analyst)
    again, reused_again = run_themes(world.program, world.leader)
    assert (reused, reused_again) == (False, True) and again == first
    fingerprint = program_fingerprint(program=world.program)
    Coding.objects.filter(source=labelled_program.sources[0]).first().delete()
    assert program_fingerprint(program=world.program) != fingerprint
    third, reused_third = run_themes(world.program, world.analyst)
    assert not reused_third and third != first


@override_settings(INSIGHTS_SEMANTIC_ENABLED=False)
def test_it_falls_back_to_tfidf_and_says_why_when_semantic_is_off(labelled_program, world):
    run, _ = run_themes(world.program, world.analyst, engine="semantic")
    assert (run.engine_requested, run.engine_used) == ("semantic", "tfidf")
    assert "switched off" in run.fallback_reason
    assert run.n_themes >= 1


def test_it_works_on_deidentified_sources_only(labelled_program, world):
    secret = source_create(
        program=world.program, kind=Source.Kind.DOCUMENT, title="Raw",
        text="Mr Jones, 12 Elm Street, was upset.", deidentified=False,
    )  # fmt: skip
    run, _ = run_themes(world.program, world.analyst, scope="all")
    assert secret.pk not in run.source_ids
    assert not any("Jones" in q["text"] for s in run.suggestions.all() for q in s.explanation["quotes"])
    with pytest.raises(ApplicationError, match="de-identified"):
        services.source_suggest(source=secret, roles=None, person=world.leader)


def test_it_refuses_a_passage_outside_the_text(labelled_program, world):
    with pytest.raises(ApplicationError, match="outside the text"):
        services.source_suggest(
            source=labelled_program.extra, roles=None, person=world.analyst, span=(5, 10**6)
        )
    assert not ThemeRun.objects.exists()


def test_it_says_suggestions_do_not_read_german_instead_of_reading_it_as_english(world, client):
    german = source_create(
        program=world.program, kind=Source.Kind.DOCUMENT, title="Sitzung",
        text="Die Ärztin erzählte von einer Patientin, die mit den gleichen Schmerzen wieder in die Praxis "
        "kam, und sie hatte das Gefühl, dass nichts hilft und dass sie nicht mehr weiter weiß.",
        deidentified=True,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="not supported for German"):
        services.source_suggest(source=german, roles=None, person=world.leader)
    assert not Suggestion.objects.filter(source=german).exists()

    client.force_login(world.analyst.user)
    page = client.get(reverse("insights:source", args=[german.code])).content.decode()
    assert "Suggestions are not supported for German" in page


@override_settings(INSIGHTS_SEMANTIC_ENABLED=False)
def test_it_says_it_does_not_know_the_category_before_the_program_has_coded_enough(labelled_program, world):
    from balint.insights.engine.classify import SWITCH_ON

    needed = SWITCH_ON["tfidf"]["category"]
    assert Coding.objects.filter(source__program=world.program).count() < needed
    made = suggest_extra(labelled_program, world.analyst)
    late = first_code(made, "afternoon clinic ran late")
    category = next(s for s in made if s.start == late.start and s.kind == "category")
    perspective = next(s for s in made if s.start == late.start and s.kind == "perspective")

    assert category.abstained and category.engine == "tfidf"
    assert f"once the program has coded {needed} passages" in category.explanation["text"]
    assert (
        category.explanation["provenance"]["switch_on"] == needed and category.explanation["too_few_codings"]
    )
    with pytest.raises(ApplicationError, match="not sure enough"):
        services.suggestion_accept(suggestion=category, person=world.analyst)
    assert not perspective.abstained, "perspectives have no switch-on point"
