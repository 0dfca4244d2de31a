import datetime
import zoneinfo

import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import Meeting, Schedule
from balint.meetings.services import schedule_create

NY = zoneinfo.ZoneInfo("America/New_York")


def _weekly(world, **overrides):
    fields = {
        "group": world.group,
        "repeat": Schedule.Repeat.WEEKLY,
        "weekday": 1,
        "start_time": datetime.time(12, 30),
        "minutes": 60,
        "starts_on": datetime.date(2030, 2, 25),
        "ends_on": datetime.date(2030, 3, 19),
    }
    return schedule_create(**(fields | overrides))


def test_it_keeps_the_local_time_across_a_daylight_saving_change(world):
    # 2030-03-10 is the second Sunday of March: New York moves from UTC-5 to UTC-4.
    schedule, created = _weekly(world)
    meetings = list(schedule.meetings.order_by("starts_at"))
    assert created == 4
    assert [m.local_start.date() for m in meetings] == [
        datetime.date(2030, 2, 26),
        datetime.date(2030, 3, 5),
        datetime.date(2030, 3, 12),
        datetime.date(2030, 3, 19),
    ]
    assert {(m.local_start.hour, m.local_start.minute) for m in meetings} == {(12, 30)}
    assert [m.starts_at.astimezone(datetime.UTC).hour for m in meetings] == [17, 17, 16, 16]
    assert all(m.ends_at - m.starts_at == datetime.timedelta(hours=1) for m in meetings)


def test_it_keeps_the_local_time_when_the_clocks_fall_back(world):
    schedule, _ = _weekly(world, starts_on=datetime.date(2030, 10, 28), ends_on=datetime.date(2030, 11, 12))
    assert [m.starts_at.astimezone(NY).strftime("%H:%M") for m in schedule.meetings.all()] == ["12:30"] * 3


def test_it_follows_the_first_second_and_fourth_tuesday(world):
    schedule, created = schedule_create(
        group=world.group,
        repeat=Schedule.Repeat.MONTHLY,
        weekday=1,
        weeks_of_month="1, 2,4",
        start_time=datetime.time(12, 30),
        minutes=60,
        starts_on=datetime.date(2030, 9, 1),
        ends_on=datetime.date(2030, 10, 31),
    )
    days = [m.local_start.date() for m in schedule.meetings.order_by("starts_at")]
    assert days == [datetime.date(2030, 9, d) for d in (3, 10, 24)] + [
        datetime.date(2030, 10, d) for d in (1, 8, 22)
    ]
    assert schedule.describe() == "1st, 2nd and 4th Tuesday of the month at 12:30 for 60 minutes"


def test_it_skips_days_that_already_hold_a_session(world):
    existing = Meeting.objects.create(
        group=world.group,
        starts_at=datetime.datetime(2030, 3, 5, 9, 0, tzinfo=NY),
        ends_at=datetime.datetime(2030, 3, 5, 10, 0, tzinfo=NY),
    )
    schedule, created = _weekly(world)
    assert created == 3
    assert not schedule.meetings.filter(pk=existing.pk).exists()


def test_it_skips_every_other_week_when_asked(world):
    _, created = _weekly(world, every_weeks=2)
    assert created == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"repeat": Schedule.Repeat.MONTHLY, "weeks_of_month": "1,7"}, "Weeks of the month"),
        ({"repeat": Schedule.Repeat.MONTHLY, "weeks_of_month": ""}, "Weeks of the month"),
        ({"ends_on": datetime.date(2034, 1, 1)}, "at most two years"),
        ({"minutes": 5}, "greater than or equal to 15"),
    ],
)
def test_it_refuses_a_bad_schedule_and_creates_nothing(world, overrides, message):
    before = Meeting.objects.count()
    with pytest.raises(ApplicationError, match=message):
        _weekly(world, **overrides)
    assert Meeting.objects.count() == before
    assert not Schedule.objects.exists()


def test_it_refuses_a_schedule_that_falls_on_no_day(world):
    with pytest.raises(ApplicationError, match="falls on no day"):
        _weekly(world, starts_on=datetime.date(2030, 2, 27), ends_on=datetime.date(2030, 3, 2))


def test_a_second_submit_of_the_same_schedule_adds_nothing_and_says_so(world):
    _weekly(world)
    with pytest.raises(ApplicationError, match="already has a session"):
        _weekly(world)
    assert Schedule.objects.count() == 1
