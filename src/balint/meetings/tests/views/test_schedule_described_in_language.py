"""A schedule's description ("1st, 2nd and 4th Tuesday of the month...") is read in the reader's language.

It is built in Python (Schedule.describe), so the words, the ordinals, the weekday and the list's "and" each
come from the catalogue: the sessions list, the schedule form and the message after saving show it.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from balint.meetings.models import Schedule
from balint.meetings.services import schedule_create
from balint.meetings.tests.views.test_schedule_views import SEPTEMBER as MONTHLY

ENGLISH = "1st, 2nd and 4th Tuesday of the month at 12:30 for 60 minutes"
GERMAN = "1., 2. und 4. Dienstag im Monat um 12:30 Uhr, 60 Minuten"
SPANISH = "el 1.º, 2.º y 4.º martes de cada mes a las 12:30, 60 minutos"


def _schedule(world) -> Schedule:
    schedule, _ = schedule_create(
        group=world.group,
        repeat="monthly",
        weekday=1,
        weeks_of_month="1,2,4",
        every_weeks=1,
        start_time=datetime.time(12, 30),
        minutes=60,
        starts_on=datetime.date(2030, 9, 1),
        ends_on=datetime.date(2030, 9, 30),
    )
    return schedule


def test_the_sessions_list_describes_the_schedule_in_german(client, world) -> None:
    _schedule(world)
    client.force_login(world.leader.user)
    url = reverse("meetings:list", args=[world.group.code])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert GERMAN in text
    # The group is named "Tuesday group", so the test looks for the English description's words.
    assert "Tuesday of the month" not in text and "for 60 minutes" not in text
    assert ENGLISH in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()  # English as before


def test_the_schedule_form_describes_the_schedule_in_spanish(client, world) -> None:
    schedule = _schedule(world)
    client.force_login(world.leader.user)
    url = reverse("meetings:schedule_edit", args=[world.group.code, schedule.code])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert SPANISH in text
    assert "Tuesday of the month" not in text and "for 60 minutes" not in text


def test_the_message_after_saving_names_the_schedule_in_german(client, world) -> None:
    client.force_login(world.leader.user)
    url = reverse("meetings:schedule", args=[world.group.code])
    preview = client.post(url, MONTHLY, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    digest = re.search(r'name="plan" value="([0-9a-f]+)"', preview).group(1)
    page = client.post(
        url, MONTHLY | {"confirm": "1", "plan": digest}, HTTP_ACCEPT_LANGUAGE="de", follow=True
    ).content.decode()
    assert GERMAN in page and ENGLISH not in page


@pytest.mark.parametrize(
    ("every_weeks", "language", "expected"),
    [
        (1, "en", "Every Tuesday at 12:30 for 60 minutes"),
        (2, "en", "Every 2 weeks on a Tuesday at 12:30 for 60 minutes"),
        (1, "de", "Jeden Dienstag um 12:30 Uhr, 60 Minuten"),
        (3, "de", "Alle 3 Wochen am Dienstag um 12:30 Uhr, 60 Minuten"),
        (1, "es", "cada martes a las 12:30, 60 minutos"),
        (2, "es", "cada 2 semanas, el martes a las 12:30, 60 minutos"),
    ],
)
def test_a_weekly_schedule_is_described_in_each_language(every_weeks, language, expected) -> None:
    schedule = Schedule(
        repeat="weekly", weekday=1, every_weeks=every_weeks, start_time=datetime.time(12, 30), minutes=60
    )
    with translation.override(language):
        assert schedule.describe() == expected


def test_a_single_week_of_the_month_has_no_and() -> None:
    schedule = Schedule(
        repeat="monthly", weekday=4, weeks_of_month="3", start_time=datetime.time(9, 0), minutes=90
    )
    with translation.override("de"):
        assert schedule.describe() == "3. Freitag im Monat um 09:00 Uhr, 90 Minuten"
    assert schedule.describe() == "3rd Friday of the month at 09:00 for 90 minutes"
