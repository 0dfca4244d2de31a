from django.urls import reverse

from balint.meetings.models import Meeting


def test_a_leader_creates_a_schedule(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("meetings:schedule", args=[world.group.code]),
        {
            "repeat": "monthly",
            "weekday": "1",
            "weeks_of_month": "1,2,4",
            "every_weeks": "1",
            "start_time": "12:30",
            "minutes": "60",
            "starts_on": "2030-09-01",
            "ends_on": "2030-09-30",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(schedule__isnull=False).count() == 3


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
