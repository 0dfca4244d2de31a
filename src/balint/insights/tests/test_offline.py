"""Everything works without a network; the semantic engine, when installed, loads from local files only."""

import pytest

from balint.coding.models import Coding
from balint.insights import services
from balint.insights.engine import semantic_available
from balint.insights.models import Embedding


def test_it_suggests_and_finds_themes_offline(offline, labelled_program, world):
    made = services.source_suggest(source=labelled_program.extra, roles=None, person=world.analyst)
    run, _ = services.theme_run_find_or_create(
        program=world.program, roles=None, person=world.analyst, engine="tfidf", scope="all"
    )
    run = services.theme_run_execute(run=run)
    assert made and run.n_themes >= 2 and Coding.objects.count() == labelled_program.n_codings


@pytest.mark.skipif(
    not semantic_available(), reason="the sentence-embedding model is not installed (make install)"
)
def test_it_runs_the_semantic_engine_offline_and_caches_embeddings_in_the_database(
    offline, labelled_program, world
):
    run, _ = services.theme_run_find_or_create(
        program=world.program, roles=None, person=world.analyst, engine="semantic", scope="all"
    )
    run = services.theme_run_execute(run=run)
    assert run.engine_used == "semantic" and run.fallback_reason == "" and run.n_themes >= 2
    assert Embedding.objects.count() == len({p.text for p in services.theme_passages(run=run)})
