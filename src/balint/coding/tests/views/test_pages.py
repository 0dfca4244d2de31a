import io

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding import services
from balint.coding.models import Coding, Memo, Source
from balint.coding.tests.factories import code, make_source, make_theme


def _login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)


@pytest.fixture
def documents(world):
    identified = make_source(
        world.program,
        kind=Source.Kind.DOCUMENT,
        title="Raw interview",
        deidentified=False,
        text="Rita Resident said she was tired.",
    )
    note = make_source(world.program, title="Tuesday note", group=world.group)
    return identified, note


def test_it_shows_analysts_only_deidentified_sources(client, world, documents):
    identified, note = documents
    _login(client, world.analyst)
    page = client.get(reverse("coding:sources", args=[world.program.slug])).content.decode()
    assert "Tuesday note" in page and "Raw interview" not in page
    assert client.get(reverse("coding:source", args=[identified.code])).status_code == 404
    assert client.get(reverse("coding:source", args=[note.code])).status_code == 200


def test_it_hides_the_workspace_from_residents_transcribers_and_administrators(client, world, documents):
    _, note = documents
    for person in (world.resident, world.transcriber, world.administrator):
        client.logout()
        _login(client, person)
        assert client.get(reverse("coding:workspace", args=[world.program.slug])).status_code == 403
        assert client.get(reverse("coding:source", args=[note.code])).status_code == 403


def test_it_refuses_another_programs_source(client, world, documents):
    _, note = documents
    _login(client, world.outsider)
    assert client.get(reverse("coding:source", args=[note.code])).status_code == 404


def test_it_codes_through_the_json_endpoint_and_refuses_forged_input(client, world, documents):
    _, note = documents
    theme = make_theme(world.program, "Tiredness")
    foreign = make_theme(world.other_program, "Foreign")
    _login(client, world.leader)
    url = reverse("coding:coding_create", args=[note.code])
    good = {
        "start": 4,
        "end": 12,
        "themes": [str(theme.code)],
        "quote": note.text[4:12],
        "perspective": "resident",
    }
    response = client.post(url, good)
    assert response.status_code == 201
    assert response.json()["codings"][0]["s"] == 4
    assert client.post(url, good).status_code == 201  # double submit
    assert Coding.objects.count() == 1
    for forged in (
        {**good, "themes": [str(foreign.code)]},
        {**good, "themes": ["not-a-uuid"]},
        {**good, "end": 10**9, "quote": ""},
        {**good, "quote": "something else"},
        {**good, "perspective": "alien"},
        {**good, "start": "x"},
    ):
        response = client.post(url, forged)
        assert response.status_code in (400, 422), forged
        assert response.json()["message"]
    assert Coding.objects.count() == 1


def test_it_hides_others_codes_when_asked(client, world, documents):
    _, note = documents
    theme = make_theme(world.program, "Feelings")
    code(note, world.co_leader, theme, 0, 5)
    code(note, world.leader, theme, 6, 12)
    _login(client, world.leader)
    shown = client.get(reverse("coding:source", args=[note.code])).context["data"]["codings"]
    hidden = client.get(reverse("coding:source", args=[note.code]) + "?others=hide").context["data"][
        "codings"
    ]
    assert len(shown) == 2 and len(hidden) == 1 and hidden[0]["m"]


def test_it_opens_a_source_with_many_codings_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    text = " ".join(f"Sentence number {i} is here." for i in range(500))
    source = make_source(world.program, text=text)
    themes = [make_theme(world.program, f"Theme {i}") for i in range(5)]
    Coding.objects.bulk_create(
        Coding(
            source=source,
            theme=themes[i % 5],
            coder=world.leader if i % 2 else world.co_leader,
            start=i * 20,
            end=i * 20 + 30,
            quote=text[i * 20 : i * 20 + 30],
        )
        for i in range(300)
    )
    _login(client, world.leader)
    # 16: the themes in one query (active and retired together, no model built), the undo panel's labels
    # without the steps' changes; the suggestions beside their passage (none here) cost one.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("coding:source", args=[source.code]))
    assert len(response.context["data"]["codings"]) == 300


def test_it_lists_pages_in_a_fixed_number_of_queries(client, world, documents, django_assert_max_num_queries):
    _, note = documents
    theme = make_theme(world.program, "Feelings")
    for i in range(10):
        extra = make_source(world.program, title=f"Note {i}", group=world.group)
        code(extra, world.leader, theme, 0, 5)
        code(extra, world.co_leader, theme, 0, 5)
        services.memo_create(
            program=world.program, author=world.leader, title=f"Memo {i}", body="x", source=extra
        )
    _login(client, world.leader)
    # Measured with 2 and with 12 sources: the counts do not grow with the data. The theme views and the
    # agreement page compute and store their figures in the cache on the first view, and read them after.
    for name, limit in (
        ("sources", 13),
        ("memos", 17),  # with its filters' choices and each memo's links
        ("codebook", 10),  # the themes with their counts in one query
        ("views", 30),
        ("quotes", 16),
        ("agreement", 25),
        ("workspace", 18),
        ("rounds", 11),
        ("views", 18),
        ("agreement", 17),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(f"coding:{name}", args=[world.program.slug])).status_code == 200, name


def test_it_renders_memos_as_safe_markdown(client, world):
    services.memo_create(
        program=world.program,
        author=world.leader,
        title="Note",
        body="**Bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    _login(client, world.analyst)
    page = client.get(reverse("coding:memos", args=[world.program.slug])).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page and "javascript:" not in page


def test_it_keeps_a_memo_to_its_author(client, world):
    memo = services.memo_create(program=world.program, author=world.leader, title="Mine", body="x")
    _login(client, world.co_leader)
    assert (
        client.post(reverse("coding:memo_edit", args=[memo.code]), {"title": "T", "body": "y"}).status_code
        == 403
    )
    assert Memo.objects.get(pk=memo.pk).body == "x"


def test_it_reports_bad_uploads_on_the_form_and_adds_nothing(client, world):
    _login(client, world.leader)
    url = reverse("coding:source_import", args=[world.program.slug])
    bad = io.BytesIO(b"PK\x03\x04broken")
    bad.name = "notes.docx"
    response = client.post(url, {"file": bad})
    assert response.status_code == 422
    assert "could not be read as a Word document" in response.content.decode()
    odd = io.BytesIO(b"data")
    odd.name = "notes.exe"
    response = client.post(url, {"file": odd, "attributes": "no colon here"})
    assert response.status_code == 422
    assert not Source.objects.exists()
    good = io.BytesIO("Résumé of the group 🙂".encode())
    good.name = "ok.txt"
    response = client.post(url, {"file": good, "attributes": "training year: PGY-2"})
    assert response.status_code == 302
    assert Source.objects.get().attributes == {"training year": "PGY-2"}


def test_it_refuses_to_change_a_closed_round_through_the_page(client, world):
    analysis_round = services.round_open(program=world.program, started_on="2025-01-01")
    services.round_close(analysis_round=analysis_round, by=world.leader)
    _login(client, world.leader)
    response = client.post(
        reverse("coding:round", args=[analysis_round.code]), {"started_on": "2025-01-01", "reflection": "New"}
    )
    assert response.status_code == 400
    analysis_round.refresh_from_db()
    assert analysis_round.reflection == ""


def test_it_creates_a_theme_and_imports_and_opens_a_document_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    """What a person's browser asks for when adding a theme (the form, then the codebook it redirects to)
    and a document (the import form, then its coding page): the counts do not grow with the codebook."""
    _login(client, world.leader)
    slug = world.program.slug
    for i in range(12):
        with django_assert_max_num_queries(22):  # 17 after the first, which stores the default categories
            response = client.post(
                reverse("coding:theme_create", args=[slug]), {"name": f"Theme {i}", "colour": "#336699"}
            )
        assert response.status_code == 302
        with django_assert_max_num_queries(10):
            assert client.get(response["Location"]).status_code == 200
    upload = io.BytesIO(b"First paragraph of the note.\n\nSecond paragraph. It has two sentences.")
    upload.name = "note.txt"
    with django_assert_max_num_queries(8):  # 16 when it checked again what it was given
        response = client.post(
            reverse("coding:source_import", args=[slug]), {"title": "Note", "file": upload}
        )
    assert response.status_code == 302
    with django_assert_max_num_queries(11):
        page = client.get(response["Location"])
    assert len(page.context["data"]["themes"]) == 12 and page.context["data"]["codings"] == []
