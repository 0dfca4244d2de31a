"""Preview, no duplicates, change and end a schedule: sessions to come follow, held ones never change."""

import datetime
import zoneinfo

import pytest
import time_machine

from balint.core.errors import ApplicationError
from balint.meetings.models import Meeting, Proposal, Schedule
from balint.meetings.services import (
    schedule_create,
    schedule_end_fields,
    schedule_plan,
    schedule_update,
)

NY = zoneinfo.ZoneInfo("America/New_York")
PATTERN = {
    "repeat": Schedule.Repeat.WEEKLY,
    "weekday": 1,
    "start_time": datetime.time(12, 30),
    "minutes": 60,
    "starts_on": datetime.date(2030, 9, 1),
    "ends_on": datetime.date(2030, 9, 30),
}


def test_the_preview_writes_nothing_and_names_the_skipped_days(world):
    Meeting.objects.create(
        group=world.group,
        starts_at=datetime.datetime(2030, 9, 10, 9, tzinfo=NY),
        ends_at=datetime.datetime(2030, 9, 10, 10, tzinfo=NY),
        status=Meeting.Status.CANCELLED,
        cancel_reason="Exam",
    )
    before = Meeting.objects.count()
    plan = schedule_plan(group=world.group, **PATTERN)
    assert Meeting.objects.count() == before and not Schedule.objects.exists()
    assert [a.astimezone(NY).date().day for a, _ in plan.create] == [3, 17, 24]
    assert plan.skip == [(datetime.date(2030, 9, 10), "the group has a cancelled session that day")]


def test_a_second_create_adds_no_duplicate(world):
    _, created = schedule_create(group=world.group, **PATTERN)
    assert created == 4
    with pytest.raises(ApplicationError, match="already has a session"):
        schedule_create(group=world.group, **PATTERN)
    assert Meeting.objects.filter(group=world.group, schedule__isnull=False).count() == 4
    assert Schedule.objects.count() == 1


def test_a_confirmation_applies_only_the_plan_previewed(world):
    digest = schedule_plan(group=world.group, **PATTERN).digest()
    Meeting.objects.create(
        group=world.group,
        starts_at=datetime.datetime(2030, 9, 17, 9, tzinfo=NY),
        ends_at=datetime.datetime(2030, 9, 17, 10, tzinfo=NY),
    )
    with pytest.raises(ApplicationError, match="changed since the preview"):
        schedule_create(group=world.group, expected=digest, **PATTERN)
    assert not Schedule.objects.exists()


@time_machine.travel(datetime.datetime(2030, 9, 12, 12, tzinfo=NY))
def test_a_change_moves_sessions_to_come_and_never_held_ones(world):
    with time_machine.travel(datetime.datetime(2030, 8, 1, tzinfo=NY)):
        schedule, _ = schedule_create(group=world.group, **PATTERN)
    sessions = {m.local_start.day: m for m in schedule.meetings.all()}
    Meeting.objects.filter(pk=sessions[3].pk).update(status=Meeting.Status.HELD)  # held
    # 10 Sep: past, not marked held; 17 and 24 Sep still to come. 24 Sep already has a proposal.
    Proposal.objects.create(meeting=sessions[24], author=world.resident, focus="topic", title="Sleep")
    plan = schedule_update(schedule=schedule, **(PATTERN | {"weekday": 2, "start_time": datetime.time(13)}))
    after = {m.pk: m for m in Meeting.objects.filter(group=world.group, starts_at__year=2030)}
    assert after[sessions[3].pk].local_start == sessions[3].local_start  # held: unchanged
    assert after[sessions[10].pk].local_start == sessions[10].local_start  # past: unchanged
    assert sessions[17].pk not in after  # no longer on the pattern, nothing written for it: removed
    assert after[sessions[24].pk].status == Meeting.Status.CANCELLED  # had a proposal: cancelled, kept
    new = sorted(
        m.local_start
        for m in after.values()
        if m.status == Meeting.Status.SCHEDULED and m.pk not in {s.pk for s in sessions.values()}
    )
    assert [(d.day, d.hour) for d in new] == [(18, 13), (25, 13)]  # Wednesdays to come, at 13:00
    assert len(plan.remove) == 2 and len(plan.create) == 2
    schedule.refresh_from_db()
    assert schedule.weekday == 2


@time_machine.travel(datetime.datetime(2030, 9, 12, 12, tzinfo=NY))
def test_same_day_changes_move_the_time_and_end_removes_what_follows(world):
    with time_machine.travel(datetime.datetime(2030, 8, 1, tzinfo=NY)):
        schedule, _ = schedule_create(group=world.group, **PATTERN)
    plan = schedule_update(
        schedule=schedule, **(PATTERN | {"start_time": datetime.time(8, 0), "minutes": 90})
    )
    assert len(plan.update) == 2 and not plan.create and not plan.remove
    to_come = schedule.meetings.filter(starts_at__gt=datetime.datetime(2030, 9, 12, tzinfo=NY))
    assert {(m.local_start.hour, (m.ends_at - m.starts_at).seconds // 60) for m in to_come} == {(8, 90)}
    fields = schedule_end_fields(schedule=schedule, last_day=datetime.date(2030, 9, 20))
    plan = schedule_update(schedule=schedule, **fields)
    assert [m.local_start.day for m in plan.remove] == [24]
    assert sorted(m.local_start.day for m in schedule.meetings.all()) == [3, 10, 17]
    with pytest.raises(ApplicationError, match="starts on"):
        schedule_end_fields(schedule=schedule, last_day=datetime.date(2030, 8, 1))
