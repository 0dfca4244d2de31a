import re

from django.urls import reverse

from balint.meetings.models import Meeting

SEPTEMBER = {
    "repeat": "monthly",
    "weekday": "1",
    "weeks_of_month": "1,2,4",
    "every_weeks": "1",
    "start_time": "12:30",
    "minutes": "60",
    "starts_on": "2030-09-01",
    "ends_on": "2030-09-30",
}


def test_a_leader_previews_then_creates_a_schedule(client, world):
    client.force_login(world.leader.user)
    url = reverse("meetings:schedule", args=[world.group.code])
    preview = client.post(url, SEPTEMBER)
    page = preview.content.decode()
    assert preview.status_code == 200 and "3 sessions to add" in page and "Create 3 sessions" in page
    assert not Meeting.objects.filter(schedule__isnull=False).exists()  # a preview writes nothing
    digest = re.search(r'name="plan" value="([0-9a-f]+)"', page).group(1)
    response = client.post(url, SEPTEMBER | {"confirm": "1", "plan": digest})
    assert response.status_code == 302
    assert Meeting.objects.filter(schedule__isnull=False).count() == 3
    # The same form again: nothing to add, the skipped days are named, no duplicate is made.
    again = client.post(url, SEPTEMBER).content.decode()
    assert "3 days skipped" in again and "the group already has a session that day" in again
    assert "Create" not in again.split('id="plan"')[0].split("Preview the sessions")[1]
    response = client.post(url, SEPTEMBER | {"confirm": "1", "plan": digest})
    assert response.status_code == 422 and Meeting.objects.filter(schedule__isnull=False).count() == 3


def test_a_leader_changes_and_ends_a_schedule_from_the_list(client, world):
    from balint.meetings.models import Schedule
    from balint.meetings.services import schedule_create

    schedule, _ = schedule_create(group=world.group, **_typed(SEPTEMBER))
    client.force_login(world.leader.user)
    listing = client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
    edit = reverse("meetings:schedule_edit", args=[world.group.code, schedule.code])
    assert edit in listing
    form = client.get(edit).content.decode()
    assert 'value="12:30"' in form and "End this schedule" in form
    changed = SEPTEMBER | {"start_time": "14:00"}
    page = client.post(edit, changed).content.decode()
    assert "3 sessions to move" in page
    digest = re.search(r'name="plan" value="([0-9a-f]+)"', page).group(1)
    assert client.post(edit, changed | {"confirm": "1", "plan": digest}).status_code == 302
    assert {m.local_start.hour for m in schedule.meetings.all()} == {14}
    end = reverse("meetings:schedule_end", args=[world.group.code, schedule.code])
    page = client.post(end, {"last_day": "2030-09-12"}).content.decode()
    assert "1 session to remove" in page
    digest = re.findall(r'name="plan" value="([0-9a-f]+)"', page)[-1]
    assert client.post(end, {"last_day": "2030-09-12", "confirm": "1", "plan": digest}).status_code == 302
    assert sorted(m.local_start.day for m in schedule.meetings.all()) == [3, 10]
    assert Schedule.objects.get().ends_on.isoformat() == "2030-09-12"


def _typed(data: dict) -> dict:
    import datetime

    return {
        "repeat": data["repeat"],
        "weekday": int(data["weekday"]),
        "weeks_of_month": data["weeks_of_month"],
        "every_weeks": 1,
        "start_time": datetime.time(12, 30),
        "minutes": 60,
        "starts_on": datetime.date(2030, 9, 1),
        "ends_on": datetime.date(2030, 9, 30),
    }


def test_a_bad_schedule_is_shown_back_with_the_error(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("meetings:schedule", args=[world.group.code]),
        {
            "repeat": "monthly",
            "weekday": "1",
            "weeks_of_month": "9",
            "every_weeks": "1",
            "start_time": "12:30",
            "minutes": "60",
            "starts_on": "2030-09-01",
            "ends_on": "2030-09-30",
        },
    )
    assert response.status_code == 422 and "Weeks of the month" in response.content.decode()
    assert Meeting.objects.count() == 3


def test_a_leader_moves_and_cancels(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("meetings:move", args=[world.next_meeting.code]),
        {"date": "2030-01-08", "time": "13:15", "minutes": "75"},
    )
    assert response.status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.local_start.strftime("%Y-%m-%d %H:%M") == "2030-01-08 13:15"
    response = client.post(reverse("meetings:cancel", args=[world.next_meeting.code]), {"reason": ""})
    assert response.status_code == 422
    response = client.post(reverse("meetings:cancel", args=[world.next_meeting.code]), {"reason": "Exam"})
    assert response.status_code == 302
    listing = client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
    assert "Exam" in listing and "moved" in listing


def test_a_one_off_session_on_top_of_another_is_refused(client, world):
    client.force_login(world.leader.user)
    local = world.next_meeting.local_start
    response = client.post(
        reverse("meetings:add", args=[world.group.code]),
        {"date": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M"), "minutes": "60"},
    )
    assert response.status_code == 422 and "already meets" in response.content.decode()
