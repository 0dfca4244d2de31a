import pytest

from balint.coding import services
from balint.coding.models import MemoLink
from balint.coding.services import MemoLinks
from balint.coding.tests.factories import make_source, make_theme, world_analysis
from balint.core.errors import ApplicationError


def _memo(world, title="Second thoughts"):
    return services.memo_create(program=world.program, author=world.leader, title=title, body="More.")


def test_it_links_a_memo_to_every_kind_of_subject(world):
    a = world_analysis(world)
    memo = services.memo_create(
        program=world.program,
        author=world.leader,
        title="Linked",
        body="About many things.",
        links=MemoLinks(
            memos=[a.memo],
            sources=[a.source],
            passages=[(a.source, 4, 20)],
            themes=[a.other_theme],
            codings=[a.coding],
            rounds=[a.round],
        ),
    )
    links = {link.kind: link for link in memo.links.all()}
    assert set(links) == set(MemoLink.Kind.values)
    assert links["memo"].to_memo == a.memo
    assert links["passage"].quote == a.source.text[4:20]
    assert links["coding"].source == a.source  # a coding link also names its source
    assert list(a.memo.linked_from.values_list("memo__title", flat=True)) == ["Linked"]


def test_it_replaces_the_links_and_keeps_one_of_each(world):
    a = world_analysis(world)
    memo = _memo(world)
    services.memo_links_set(
        memo=memo,
        by=world.leader,
        links=MemoLinks(themes=[a.theme, a.theme], passages=[(a.source, 0, 10)] * 2),
    )
    assert memo.links.count() == 2
    services.memo_links_set(memo=memo, by=world.leader, links=MemoLinks(rounds=[a.round]))
    assert list(memo.links.values_list("kind", flat=True)) == ["round"]


def test_it_adds_links_without_doubling_those_it_has(world):
    a = world_analysis(world)
    memo = _memo(world)
    services.memo_link_add(memo=memo, by=world.leader, links=MemoLinks(themes=[a.theme]))
    added = services.memo_link_add(
        memo=memo, by=world.leader, links=MemoLinks(themes=[a.theme], memos=[a.memo])
    )
    assert [link.kind for link in added] == ["memo"]
    assert memo.links.count() == 2


def test_it_refuses_a_link_to_another_programs_subject(world):
    memo = _memo(world)
    foreign_source = make_source(world.other_program)
    foreign_theme = make_theme(world.other_program, "Elsewhere")
    for links in (MemoLinks(sources=[foreign_source]), MemoLinks(themes=[foreign_theme])):
        with pytest.raises(ApplicationError, match="another program"):
            services.memo_links_set(memo=memo, by=world.leader, links=links)
    assert memo.links.count() == 0


def test_it_refuses_a_memo_linked_to_itself_and_a_blank_or_outside_passage(world):
    a = world_analysis(world)
    memo = _memo(world)
    with pytest.raises(ApplicationError, match="itself"):
        services.memo_links_set(memo=memo, by=world.leader, links=MemoLinks(memos=[memo]))
    with pytest.raises(ApplicationError, match="outside the text"):
        services.memo_links_set(memo=memo, by=world.leader, links=MemoLinks(passages=[(a.source, 5, 99_999)]))


def test_it_lets_only_the_author_change_links(world):
    a = world_analysis(world)
    with pytest.raises(ApplicationError, match="author"):
        services.memo_links_set(memo=a.memo, by=world.co_leader, links=MemoLinks(themes=[a.theme]))


def test_it_drops_the_link_with_its_subject(world):
    a = world_analysis(world)
    memo = _memo(world)
    services.memo_links_set(memo=memo, by=world.leader, links=MemoLinks(memos=[a.memo], codings=[a.coding]))
    services.memo_delete(memo=a.memo, by=world.leader)
    assert list(memo.links.values_list("kind", flat=True)) == ["coding"]
