"""The log's automatic entries follow the sessions: held sessions of groups the person leads, nothing else."""

import datetime

import pytest
from conftest import make_meeting
from django.urls import reverse

from balint.leaders.models import Debrief
from balint.leaders.selectors import log_page, sessions_led
from balint.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_it_lists_the_held_sessions_with_group_duration_and_co_leader(world):
    rows = sessions_led(person=world.leader)
    assert len(rows) == 1
    row = rows[0]
    meeting = world.past_meeting
    assert row.code == str(meeting.code)
    assert row.day == meeting.starts_at.astimezone(world.program.zone).date()
    assert row.group == world.group.name and row.minutes == 60
    assert row.co_leaders == (world.co_leader.full_name,)
    assert [r.co_leaders for r in sessions_led(person=world.co_leader)] == [(world.leader.full_name,)]


def test_it_follows_changes_to_the_sessions(world):
    meeting = world.past_meeting
    meeting.ends_at = meeting.starts_at + datetime.timedelta(minutes=90)
    meeting.save()
    assert sessions_led(person=world.leader)[0].minutes == 90
    world.next_meeting.status = Meeting.Status.HELD  # scheduled sessions do not count until held
    world.next_meeting.save()
    assert len(sessions_led(person=world.leader)) == 2
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    assert [r.code for r in sessions_led(person=world.leader)] == [str(world.next_meeting.code)]
    world.group.leaders.remove(world.leader)
    assert sessions_led(person=world.leader) == []


def test_it_leaves_out_other_groups_and_other_programs(world):
    make_meeting(world.outsider_group, world.past_meeting.starts_at, status=Meeting.Status.HELD)
    assert len(sessions_led(person=world.leader)) == 1
    assert sessions_led(person=world.resident) == []


def test_it_marks_only_the_persons_own_debriefs(world):
    Debrief.objects.create(author=world.co_leader, meeting=world.past_meeting, reflection="Mine, not yours.")
    assert not sessions_led(person=world.leader)[0].debriefed
    assert sessions_led(person=world.co_leader)[0].debriefed


def test_it_reads_the_log_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for week in range(1, 30):
        make_meeting(
            world.group,
            world.past_meeting.starts_at - datetime.timedelta(weeks=week),
            status=Meeting.Status.HELD,
        )
    with django_assert_max_num_queries(6):
        page = log_page(person=world.leader)
        assert len(page.log.sessions) == 30


def test_it_shows_the_log_page_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for week in range(1, 30):
        make_meeting(
            world.group,
            world.past_meeting.starts_at - datetime.timedelta(weeks=week),
            status=Meeting.Status.HELD,
        )
    client.force_login(world.leader.user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("leaders:log"))
    assert response.status_code == 200
    assert response.content.decode().count(reverse("leaders:debrief", args=[world.past_meeting.code])) == 1
