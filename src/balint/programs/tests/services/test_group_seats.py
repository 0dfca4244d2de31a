import datetime

import pytest
from django.utils import timezone

from balint.core.errors import ApplicationError
from balint.meetings.selectors import attendance_sheet
from balint.programs.models import GroupSeat
from balint.programs.services import group_seat_add, group_seat_end


def test_it_removes_a_member_from_a_date_and_keeps_their_past(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    seat = group_seat_end(group=world.group, person=world.resident, kind="member", ends_on=yesterday)
    assert seat.ends_on == yesterday and seat.starts_on <= yesterday
    assert not world.group.has_member(world.resident)
    marks = world.past_meeting.attendances.filter(person=world.resident)
    assert marks.exists() and world.past_meeting.presenter == world.resident
    rows = {row.person for row in attendance_sheet(meeting=world.past_meeting)}
    assert world.resident in rows  # the session they attended still lists them


def test_it_adds_a_co_leader_from_a_date_and_refuses_twice(world):
    group_seat_end(group=world.group, person=world.co_leader, kind="leader", ends_on=timezone.localdate())
    world.group.seats.filter(person=world.co_leader).update(
        starts_on=datetime.date(2024, 7, 1), ends_on=datetime.date(2024, 8, 1)
    )
    seat = group_seat_add(
        group=world.group, person=world.co_leader, kind="leader", starts_on=timezone.localdate()
    )
    assert world.group.has_leader(world.co_leader) and seat.ends_on is None
    assert world.group.seats.filter(person=world.co_leader).count() == 2
    with pytest.raises(ApplicationError, match="already a co-leader"):
        group_seat_add(
            group=world.group, person=world.co_leader, kind="leader", starts_on=timezone.localdate()
        )


def test_it_refuses_a_resident_as_co_leader_and_a_future_date(world):
    with pytest.raises(ApplicationError, match="not a leader"):
        group_seat_add(
            group=world.group, person=world.resident, kind="leader", starts_on=timezone.localdate()
        )
    with pytest.raises(ApplicationError, match="not a future one") as error:
        group_seat_end(
            group=world.group,
            person=world.resident,
            kind="member",
            ends_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert error.value.extra["field"] == "ends_on"
    assert not GroupSeat.objects.filter(ends_on__isnull=False).exists()
