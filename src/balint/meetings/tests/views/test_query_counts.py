"""Each page costs a bounded number of queries however many sessions, marks and proposals a group has."""

import pytest
from django.urls import reverse

from balint.meetings.models import Attendance, Meeting
from balint.meetings.services import calendar_feed_create, note_save, proposal_create
from balint.meetings.tests.conftest import add_meetings


def _grow(world, count: int) -> None:
    for meeting in add_meetings(world.group, count):
        for person in (world.resident, world.other_resident):
            Attendance.objects.create(
                meeting=meeting, person=person, status="late", latecomer_rule="listen_only"
            )
        note_save(
            meeting=meeting,
            by=world.leader,
            content="c",
            process="p",
            tags=["trust", "endings"],
            base_version=0,
        )
    for meeting in add_meetings(world.group, count, past=False):
        proposal_create(meeting=meeting, person=world.resident, focus="topic", title="Sleep")


PAGES = [
    ("leader", "meetings:list", lambda w: [w.group.code]),
    ("resident", "meetings:list", lambda w: [w.group.code]),
    ("leader", "meetings:detail", lambda w: [w.next_meeting.code]),
    ("resident", "meetings:detail", lambda w: [w.next_meeting.code]),
    ("leader", "meetings:attendance", lambda w: [w.past_meeting.code]),
    ("leader", "meetings:attendance", lambda w: [w.next_meeting.code]),  # known absences ahead
    ("leader", "meetings:attendance_history", lambda w: [w.group.code]),
    ("leader", "meetings:note", lambda w: [w.past_meeting.code]),
    ("leader", "meetings:live", lambda w: [w.past_meeting.code]),
    ("leader", "programs:group", lambda w: [w.group.code]),
    ("leader", "core:home", lambda w: []),
    ("resident", "core:home", lambda w: []),
]


@pytest.mark.parametrize(("persona", "name", "args"), PAGES, ids=[f"{p}-{n}" for p, n, _ in PAGES])
def test_it_keeps_the_query_count_bounded(client, world, django_assert_max_num_queries, persona, name, args):
    client.force_login(getattr(world, persona).user)
    url = reverse(name, args=args(world))
    _grow(world, 2)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _grow(world, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_feed_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    feed = calendar_feed_create(person=world.resident)
    _grow(world, 2)
    with django_assert_max_num_queries(5):
        client.get(reverse("meetings:feed", args=[feed.token]))
    _grow(world, 25)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("meetings:feed", args=[feed.token]))
    assert response.content.count(b"BEGIN:VEVENT") == Meeting.objects.filter(group=world.group).count()
