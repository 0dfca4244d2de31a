import io

from conftest import PASSWORD
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding import services
from balint.coding.models import MemoLink, Source
from balint.coding.services import MemoLinks
from balint.coding.tests.factories import make_source, world_analysis


def _login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)


def _memos(world, count: int):
    a = world_analysis(world)
    made = []
    for n in range(count):
        made.append(
            services.memo_create(
                program=world.program,
                author=world.leader,
                title=f"Memo {n}",
                body=f"Thinking {n}.",
                links=MemoLinks(
                    memos=[a.memo], passages=[(a.source, 4, 20)], themes=[a.theme], rounds=[a.round]
                ),
            )
        )
    return made


def test_it_lists_memos_with_their_links_in_a_fixed_number_of_queries(client, world):
    _login(client, world.leader)
    url = reverse("coding:memos", args=[world.program.slug])
    theme = {"theme": str(world_analysis(world).theme.code)}
    counts = []
    for count in (2, 12):  # ten more memos, each with four links, cost no query more
        _memos(world, 2 if not counts else 10)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, theme).content.decode()
        counts.append(len(queries))
        assert page.count('class="card memo-card"') == count
    assert counts[0] == counts[1] <= 17
    assert "Passage" in page and "Round 1" in page
    assert "Linked from" in client.get(url).content.decode()  # on "First thoughts", which every memo links to


def test_it_filters_by_passage_source_round_author_words_and_linked_memo(client, world):
    a = world_analysis(world)
    linked = services.memo_create(
        program=world.program,
        author=world.co_leader,
        title="About the refill",
        body="The **refill** again.",
        source=a.source,
        links=MemoLinks(passages=[(a.source, 4, 20)], memos=[a.memo]),
    )
    _login(client, world.leader)
    url = reverse("coding:memos", args=[world.program.slug])

    def titles(**params) -> list[str]:
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(row.memo.title for row in response.context["rows"])

    assert titles(about="passage") == ["About the refill"]
    assert titles(about="analysis") == ["First thoughts"]
    assert titles(source=str(a.source.code)) == ["About the refill"]
    assert titles(q="REFILL") == ["About the refill"]
    assert titles(mine="on") == ["First thoughts"]
    assert titles(round=str(a.round.code)) == []
    assert titles(linked=str(a.memo.code)) == ["About the refill"]
    assert titles(linked=str(linked.code)) == ["First thoughts"]


def test_it_refuses_an_unknown_filter_value_with_a_clear_error(client, world):
    world_analysis(world)
    _login(client, world.leader)
    response = client.get(reverse("coding:memos", args=[world.program.slug]), {"theme": "not-a-theme"})
    assert response.status_code == 422
    assert "is not a valid UUID" in response.content.decode()


def test_it_hides_from_analysts_links_into_sources_they_may_not_see(client, world):
    a = world_analysis(world)
    identified = make_source(
        world.program,
        kind=Source.Kind.DOCUMENT,
        title="Raw interview",
        deidentified=False,
        text="Rita said so.",
    )
    services.memo_create(
        program=world.program,
        author=world.leader,
        title="Open memo",
        body="Both.",
        links=MemoLinks(sources=[identified, a.source], passages=[(identified, 0, 4)]),
    )
    _login(client, world.analyst)
    url = reverse("coding:memos", args=[world.program.slug])
    page = client.get(url).content.decode()
    assert "Open memo" in page and a.source.title in page
    assert "Raw interview" not in page and "Rita" not in page
    for fmt in ("md", "docx"):
        body = client.get(reverse("coding:memo_export", args=[world.program.slug]), {"format": fmt}).content
        assert b"Raw interview" not in body and b"Rita" not in body
    assert client.get(url, {"source": str(identified.code)}).status_code == 422


def test_it_exports_the_filtered_memos_as_markdown_and_docx(client, world):
    from docx import Document

    a = world_analysis(world)
    services.memo_create(
        program=world.program,
        author=world.leader,
        title="On trust",
        body="Trust grows.\n\nSlowly.",
        links=MemoLinks(themes=[a.theme], passages=[(a.source, 4, 20)]),
    )
    _login(client, world.leader)
    url = reverse("coding:memo_export", args=[world.program.slug])
    markdown = client.get(url, {"format": "md", "about": "theme"})
    assert markdown["Content-Disposition"].endswith('.md"')
    text = markdown.content.decode()
    assert "## On trust" in text and "First thoughts" not in text
    assert f"Theme “{a.theme.name}”" in text and f"“{a.source.text[4:20]}”" in text
    docx = client.get(url, {"format": "docx"})
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "On trust" in paragraphs and "First thoughts" in paragraphs and "Slowly." in paragraphs
    assert any(p.startswith("Linked to: Passage of") for p in paragraphs)


def test_it_writes_a_memo_on_a_passage_and_keeps_or_drops_its_links_when_edited(client, world):
    a = world_analysis(world)
    _login(client, world.leader)
    create = reverse("coding:memo_create", args=[world.program.slug])
    page = client.get(create, {"source": str(a.source.code), "start": 4, "end": 20}).content.decode()
    assert a.source.text[4:20] in page
    response = client.post(
        create,
        {
            "source": str(a.source.code),
            "start": 4,
            "end": 20,
            "title": "Cornered",
            "body": "Why cornered?",
            "themes": [str(a.theme.code)],
            "memos": [str(a.memo.code)],
        },
    )
    assert response.status_code == 302
    memo = a.source.memos.get(title="Cornered")
    assert sorted(memo.links.values_list("kind", flat=True)) == ["memo", "passage", "theme"]
    edit = reverse("coding:memo_edit", args=[memo.code])
    response = client.post(edit, {"title": "Cornered", "body": "Still.", "themes": [str(a.theme.code)]})
    assert response.status_code == 302
    assert list(memo.links.values_list("kind", flat=True)) == ["theme"]


def test_it_refuses_a_passage_outside_the_text(client, world):
    a = world_analysis(world)
    _login(client, world.leader)
    create = reverse("coding:memo_create", args=[world.program.slug])
    response = client.post(
        create, {"source": str(a.source.code), "start": 4, "end": 99999, "title": "x", "body": "y"}
    )
    assert response.status_code in (400, 422)
    assert not MemoLink.objects.exists()
