import icalendar
from django.urls import reverse

from balint.meetings.models import CalendarFeed


def test_a_person_creates_uses_and_revokes_their_feed(client, world):
    client.force_login(world.resident.user)
    client.post(reverse("meetings:calendar"), {"action": "create"})
    feed = CalendarFeed.objects.get(person=world.resident)
    client.logout()
    response = client.get(reverse("meetings:feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 2
    client.force_login(world.resident.user)
    client.post(reverse("meetings:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["x" * 300])).status_code == 404


def test_a_session_downloads_as_ics(client, world):
    client.force_login(world.resident.user)
    response = client.get(reverse("meetings:ics", args=[world.next_meeting.code]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == world.next_meeting.starts_at


def test_an_unknown_action_is_refused(client, world):
    client.force_login(world.resident.user)
    assert client.post(reverse("meetings:calendar"), {"action": "explode"}).status_code == 422
    assert not CalendarFeed.objects.exists()
