import datetime

from django.urls import reverse

from balint.meetings.services import schedule_create


def _form(ends_on: datetime.date) -> dict:
    return {
        "repeat": "weekly",
        "weekday": "2",
        "weeks_of_month": "",
        "every_weeks": "1",
        "start_time": "14:00",
        "minutes": "60",
        "starts_on": "2030-01-01",
        "ends_on": ends_on.isoformat(),
    }


def test_the_preview_of_a_change_costs_the_same_for_few_or_many_sessions(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.leader.user)
    counts = []
    for weeks in (4, 80):
        ends_on = datetime.date(2030, 1, 1) + datetime.timedelta(weeks=weeks)
        schedule, _ = schedule_create(
            group=world.group,
            repeat="weekly",
            weekday=1,
            start_time=datetime.time(12, 30),
            minutes=60,
            starts_on=datetime.date(2030, 1, 1),
            ends_on=ends_on,
        )
        url = reverse("meetings:schedule_edit", args=[world.group.code, schedule.code])
        with django_assert_max_num_queries(40) as few:
            page = client.post(url, _form(ends_on))
        assert page.status_code == 200 and "to remove" in page.content.decode()
        counts.append(len(few.captured_queries))
        schedule.meetings.all().delete()
        schedule.delete()
    assert counts[1] <= counts[0]
