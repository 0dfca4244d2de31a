import datetime

import icalendar
import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import CalendarFeed, Meeting
from balint.meetings.services import (
    calendar_feed_by_token,
    calendar_feed_create,
    calendar_feed_revoke,
    meeting_calendar,
    meeting_cancel,
    person_calendar,
)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parsed_back_matches_the_sessions(world, other_group):
    meeting_cancel(meeting=world.next_meeting, reason="In-training examination")
    Meeting.objects.filter(pk=world.past_meeting.pk).update(focus="topic", focus_title="Night float")
    events = _events(person_calendar(person=world.resident))
    mine = Meeting.objects.filter(group=world.group)
    assert set(events) == {f"{m.code}@balint" for m in mine}
    for meeting in mine:
        event = events[f"{meeting.code}@balint"]
        assert event.decoded("dtstart") == meeting.starts_at
        assert event.decoded("dtend") == meeting.ends_at
    cancelled = events[f"{world.next_meeting.code}@balint"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert "In-training examination" in str(cancelled["description"])
    assert "Night float" in str(events[f"{world.past_meeting.code}@balint"]["summary"])


def test_case_titles_stay_out_of_calendars(world):
    events = _events(meeting_calendar(meeting=world.past_meeting))
    (event,) = events.values()
    assert "pain medicine" not in event.to_ical().decode()


def test_a_leaders_feed_holds_the_groups_they_lead(world, other_group):
    Meeting.objects.create(
        group=other_group,
        starts_at=world.next_meeting.starts_at + datetime.timedelta(days=1),
        ends_at=world.next_meeting.ends_at + datetime.timedelta(days=1),
    )
    assert len(_events(person_calendar(person=world.co_leader))) == 3
    assert len(_events(person_calendar(person=world.leader))) == 2


def test_a_revoked_token_stops_working(world):
    feed = calendar_feed_create(person=world.resident)
    assert calendar_feed_by_token(token=feed.token) == feed
    assert calendar_feed_revoke(person=world.resident) == 1
    with pytest.raises(ApplicationError):
        calendar_feed_by_token(token=feed.token)


def test_a_new_address_replaces_the_old_one(world):
    old = calendar_feed_create(person=world.resident)
    new = calendar_feed_create(person=world.resident)
    assert old.token != new.token and len(new.token) >= 40
    with pytest.raises(ApplicationError):
        calendar_feed_by_token(token=old.token)
    assert CalendarFeed.objects.filter(person=world.resident, revoked_at__isnull=True).get() == new
