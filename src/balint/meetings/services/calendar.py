"""Private calendar feeds (revocable secret URLs) and .ics files, written with the `icalendar` library."""

import datetime

import icalendar
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.meetings.models import CalendarFeed, Meeting
from balint.programs.models import Person

PRODID = "-//Balint//Balint sessions//EN"
FEED_PAST = datetime.timedelta(days=183)
FEED_LIMIT = 500


@transaction.atomic
def calendar_feed_create(*, person: Person) -> CalendarFeed:
    """A new secret feed URL for the person; any earlier one stops working at once."""
    calendar_feed_revoke(person=person)
    return CalendarFeed.objects.create(person=person)


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> int:
    """Revoke the person's live feed, if any; returns how many were revoked."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )


def calendar_feed_by_token(*, token: str) -> CalendarFeed:
    """The live feed with this token, else an error (revoked and unknown tokens look the same)."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("person").first()
    if feed is None or len(token) > 64:
        raise ApplicationError(_("No such calendar feed."))
    return feed


def _event(meeting: Meeting, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{meeting.code}@balint")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", int(meeting.moved_from is not None) + int(meeting.is_cancelled))
    summary = f"Balint group: {meeting.group.name}"
    description = []
    if meeting.focus:
        description.append(meeting.get_focus_display())
        # Topic titles are program matters; case titles stay out of calendars that sync to other services.
        if meeting.focus == Meeting.Focus.TOPIC and meeting.focus_title:
            description.append(meeting.focus_title)
            summary += f" — {meeting.focus_title}"
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
        description.append(f"Cancelled: {meeting.cancel_reason}")
    else:
        event.add("status", "CONFIRMED")
    event.add("summary", summary)
    if description:
        event.add("description", "\n".join(description))
    return event


def _calendar(name: str, meetings: list[Meeting]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
    return calendar.to_ical()


def person_calendar_meetings(*, person: Person) -> list[Meeting]:
    """The sessions of the groups the person leads or belongs to, from six months back (two queries)."""
    return list(
        Meeting.objects.filter(
            Q(group__members=person) | Q(group__leaders=person), starts_at__gte=timezone.now() - FEED_PAST
        )
        .distinct()
        .select_related("group")
        .order_by("starts_at")[:FEED_LIMIT]
    )


def person_calendar(*, person: Person) -> bytes:
    """The person's whole feed as iCalendar bytes."""
    return _calendar(f"Balint sessions — {person.full_name}", person_calendar_meetings(person=person))


def meeting_calendar(*, meeting: Meeting) -> bytes:
    """One session as an .ics file."""
    return _calendar(f"Balint group: {meeting.group.name}", [meeting])
