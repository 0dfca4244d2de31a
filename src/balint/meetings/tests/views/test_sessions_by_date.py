"""Every list of sessions is in date order, a one-off among scheduled sessions included."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from balint.meetings.services import meeting_add, schedule_create


def _schedule_then_one_off(world):
    today = timezone.localdate(timezone=world.program.zone)
    schedule_create(
        group=world.group,
        repeat="weekly",
        weekday=(today + datetime.timedelta(days=2)).weekday(),
        start_time=datetime.time(12, 30),
        minutes=60,
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=40),
    )
    # Added last, it falls between the scheduled sessions.
    starts = datetime.datetime.combine(
        today + datetime.timedelta(days=3), datetime.time(8, 0), tzinfo=world.program.zone
    )
    return meeting_add(group=world.group, starts_at=starts, minutes=60)


def _times(html: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)"', html)


def test_the_session_list_home_and_group_page_are_in_date_order(client, world):
    one_off = _schedule_then_one_off(world)
    for persona in ("leader", "resident"):
        client.force_login(getattr(world, persona).user)
        listing = client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
        upcoming = listing.split('id="upcoming-heading"')[1].split('id="past-heading"')[0]
        stamps = _times(upcoming)
        assert len(stamps) >= 5 and stamps == sorted(stamps)
        assert one_off.starts_at.isoformat() in stamps[:4]
        home = client.get(reverse("core:home")).content.decode()
        card = home.split('<ul class="plain schedule">')[1].split("</ul>")[0]  # my schedule / next sessions
        assert _times(card) == sorted(_times(card)) and len(_times(card)) >= 3
    group = client.get(reverse("programs:group", args=[world.group.code])).content.decode()
    starts = re.findall(r'href="/sessions/([0-9a-f-]+)/"', group.split("Next sessions")[1].split("</ul>")[0])
    from balint.meetings.models import Meeting

    ordered = [Meeting.objects.get(code=code).starts_at for code in starts]
    assert ordered == sorted(ordered) and len(ordered) == 3
