import pytest

from balint.coding import search as search_module
from balint.coding.access import visible_sources
from balint.coding.search import SearchQuery, search_sources, strip_accents
from balint.coding.tests.factories import code, make_source, make_theme
from balint.core.errors import ApplicationError
from balint.programs.access import roles_for

TEXT = (
    "The resident felt cornered by the request for an early refill. Trust was hard.\n\n"
    "The group talked about trusting the patient. Café conversations helped; the CAFE was noisy.\n\n"
    "Distrust grew. An early   refill again."
)


def _hits(sources, **query):
    result = search_sources(sources=sources, query=SearchQuery(**query), person_id=None)
    return [hit.match for hit in result.hits], result


@pytest.fixture
def sources(world):
    make_source(world.program, text=TEXT, title="Notes A")
    return visible_sources(roles_for(world.analyst.user, world.program))


def test_it_finds_whole_words_folding_case_by_default(sources):
    assert _hits(sources, text="trust")[0] == ["Trust"]


def test_it_finds_a_word_and_its_endings_with_a_star(sources):
    assert _hits(sources, text="trust*")[0] == ["Trust", "trusting"]


def test_it_finds_a_phrase_across_any_spaces(sources):
    assert _hits(sources, text='"early refill"')[0] == ["early refill", "early   refill"]


def test_it_folds_accents_unless_asked(sources):
    assert _hits(sources, text="cafe")[0] == ["Café", "CAFE"]
    assert _hits(sources, text="Café", match_accents=True, match_case=True)[0] == ["Café"]


def test_it_matches_case_when_asked(sources):
    assert _hits(sources, text="cafe", match_case=True)[0] == []
    assert _hits(sources, text="CAFE", match_case=True)[0] == ["CAFE"]


def test_it_runs_a_regular_expression(sources):
    assert _hits(sources, text=r"dis\w+|cornered", is_regex=True)[0] == ["cornered", "Distrust"]


def test_it_refuses_a_bad_expression_and_an_empty_search(sources):
    with pytest.raises(ApplicationError, match="not a regular expression"):
        _hits(sources, text="(unclosed", is_regex=True)
    with pytest.raises(ApplicationError, match="Type a word"):
        _hits(sources, text="   ")


def test_it_stops_a_runaway_expression(sources, world, monkeypatch):
    make_source(world.program, text="a" * 5000 + "!", title="Long")
    monkeypatch.setattr(search_module, "TIME_BUDGET", 0.05)
    with pytest.raises(ApplicationError, match="took too long"):
        _hits(sources, text=r"(?:a|aa)+(?:a|aa)+b", is_regex=True)


def test_it_maps_folded_hits_back_to_the_source_offsets(world):
    source = make_source(world.program, text="Cafe\u0301 and ﬁne Straße.")
    text = source.text  # stored as written or composed: the hit's offsets index what is stored
    sources = visible_sources(roles_for(world.leader.user, world.program))
    for query, expected in [("cafe", text.split()[0]), ("fine", "ﬁne"), ("strasse", "Straße")]:
        [hit] = _hits(sources, text=query)[1].hits
        assert text[hit.start : hit.end] == expected and hit.source == source
    assert strip_accents("é")[0] == "e"


def test_it_restricts_hits_to_passages_coded_with_a_theme(world, sources):
    source = sources.get()
    theme = make_theme(world.program, "Trust")
    start = TEXT.index("The group")
    code(source, world.leader, theme, start, TEXT.index("Café"))
    assert _hits(sources, text="trust*", inside=theme)[0] == ["trusting"]


def test_it_shows_each_hit_with_the_codes_on_it(world, sources):
    source = sources.get()
    theme = make_theme(world.program, "Trust", colour="#123456")
    code(source, world.leader, theme, TEXT.index("Trust was"), TEXT.index("\n\n"))
    [hit] = search_sources(sources=sources, query=SearchQuery(text="trust"), person_id=world.leader.pk).hits
    assert [(c.name, c.colour, c.mine) for c in hit.codes] == [("Trust", "#123456", True)]
    assert hit.before.endswith("refill. ") and hit.after.startswith(" was hard.")


def test_it_never_searches_sources_the_person_may_not_see(world):
    make_source(world.program, text="A secret trust.", deidentified=False, title="Identified")
    analyst_sources = visible_sources(roles_for(world.analyst.user, world.program))
    assert _hits(analyst_sources, text="secret")[1].total == 0


def test_it_counts_every_hit_and_keeps_the_first_ones_in_context(world, sources, monkeypatch):
    monkeypatch.setattr(search_module, "CAP", 1)
    words, result = _hits(sources, text="the")
    assert len(words) == 1 and result.total == TEXT.lower().split().count("the") and result.more
