"""The program search page: who reaches it, what it shows, what it audits and what it refuses."""

import datetime

from conftest import make_meeting
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balint.coding import services as coding_services
from balint.coding.tests.factories import make_source
from balint.meetings.models import MeetingNote
from balint.privacy.models import AuditEvent
from balint.site.tests.search_fixtures import other_group_note


def url(world) -> str:
    return reverse("core:search", args=[world.program.slug])


def post(client, world, persona: str, query: str):
    client.force_login(world.persona(persona).user)
    return client.post(url(world), {"q": query})


def test_it_shows_the_leader_their_notes_and_says_what_it_searched(client, world):
    other_group_note(world)
    response = post(client, world, "leader", "frustration")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Searched:</strong> session notes (content and process) of the groups you lead" in body
    assert "Raw survey answers are never searched." in body
    assert "The group explored <mark>frustration</mark>." in body
    assert reverse("meetings:note", args=[world.past_meeting.code]) in body
    assert "zebra" not in body and "Thursday group" not in body


def test_it_tells_a_resident_there_is_nothing_to_search_and_finds_no_notes(client, world):
    client.force_login(world.resident.user)
    page = client.get(url(world)).content.decode()
    assert "gives you no notes, analysis texts or survey transcripts to search" in page
    assert 'name="q"' not in page
    response = post(client, world, "resident", "frustration")
    assert response.status_code == 200
    assert "explored" not in response.content.decode()


def test_it_escapes_a_script_in_a_note_in_the_snippet(client, world):
    note = world.past_meeting.note
    note.content = "Before <script>alert('xss')</script> frustration <b>after</b>"
    note.save()
    body = post(client, world, "leader", "frustration").content.decode()
    assert "<script>alert('xss')" not in body and "<b>after</b>" not in body
    assert (
        "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; <mark>frustration</mark> &lt;b&gt;after" in body
    )


def test_it_escapes_a_script_that_is_itself_the_match(client, world):
    note = world.past_meeting.note
    note.content = "odd <script>evil()</script> text"
    note.save()
    body = post(client, world, "leader", "<script>evil()</script>").content.decode()
    assert "<mark>&lt;script&gt;evil()&lt;/script&gt;</mark>" in body
    assert "<script>evil()" not in body


def test_it_refuses_a_query_of_201_characters_with_a_clear_error(client, world):
    response = post(client, world, "leader", "a" * 201)
    assert response.status_code == 422
    assert "A search is at most 200 characters; this one has 201." in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="search").exists()


def test_it_refuses_a_query_of_one_character(client, world):
    response = post(client, world, "leader", " f ")
    assert response.status_code == 422
    assert "Type at least 2 characters to search for." in response.content.decode()


def test_it_records_one_audit_event_with_counts_and_never_the_query(client, world):
    post(client, world, "leader", "Zebediah frustration")
    post(client, world, "leader", "frustration")
    events = list(AuditEvent.objects.filter(object_type="search").order_by("pk"))
    assert len(events) == 2
    assert events[0].actor == world.leader and events[0].program == world.program
    assert events[0].action == "viewed"
    assert "session notes 0" in events[0].detail and "session notes 1" in events[1].detail
    for event in AuditEvent.objects.all():
        text = " ".join(str(v) for v in vars(event).values())
        assert "Zebediah" not in text and "frustration" not in text


def test_it_keeps_the_query_count_flat_as_rows_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.leader.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url(world), {"q": "frustration"}).status_code == 200
        return len(captured.captured_queries)

    coding_services.memo_create(program=world.program, author=world.leader, title="M", body="frustration")
    make_source(world.program, text="frustration once", group=world.group)
    count()  # the first request after sign-in saves the session once
    before = count()
    start = world.past_meeting.starts_at
    for week in range(1, 40):
        meeting = make_meeting(world.group, start - datetime.timedelta(weeks=week))
        meeting.case_summary = "a frustration summary"
        meeting.save()
        MeetingNote.objects.create(meeting=meeting, content=f"frustration {week}", process="p")
        make_source(world.program, text=f"frustration source {week}", title=f"S{week}", group=world.group)
        coding_services.memo_create(
            program=world.program, author=world.leader, title=f"M{week}", body="frustration"
        )
    assert count() == before
    with django_assert_max_num_queries(20):
        body = client.post(url(world), {"q": "frustration"}).content.decode()
    assert "<mark>frustration</mark> 39" in body and "39 more matched" not in body


def test_it_links_the_search_from_the_home_page_for_those_who_can_search(client, world):
    target = f'action="{url(world)}"'
    for persona, shown in [("leader", True), ("analyst", True), ("administrator", True), ("resident", False)]:
        client.force_login(world.persona(persona).user)
        assert (target in client.get(reverse("core:home")).content.decode()) is shown, persona


def test_it_links_the_search_from_the_session_list_for_leaders(client, world):
    client.force_login(world.leader.user)
    assert url(world) in client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
    client.force_login(world.resident.user)
    assert url(world) not in client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
