from django.urls import reverse

from balint.meetings.models import Attendance


def test_one_tap_marks_a_resident_late_over_htmx(client, world):
    client.force_login(world.leader.user)
    response = client.post(
        reverse("meetings:attendance", args=[world.past_meeting.code]),
        {"person": str(world.resident.code), "status": "late", "reason": "clinic_late"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Late, listening" in response.content.decode()
    mark = Attendance.objects.get(meeting=world.past_meeting, person=world.resident)
    assert (mark.status, mark.reason, mark.latecomer_rule) == ("late", "clinic_late", "listen_only")


def test_the_sheet_shows_the_latecomer_rule(client, world):
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:attendance", args=[world.past_meeting.code])).content.decode()
    assert "Latecomers join and listen" in page and "Remy Resident" in page


def test_a_forged_person_is_refused(client, world, other_group):
    client.force_login(world.leader.user)
    url = reverse("meetings:attendance", args=[world.past_meeting.code])
    response = client.post(url, {"person": str(other_group.members.get().code), "status": "on_time"})
    assert response.status_code == 422 and "not a member" in response.content.decode()
    response = client.post(url, {"person": "not-a-uuid", "status": "on_time"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert Attendance.objects.filter(meeting=world.past_meeting).count() == 2


def test_residents_cannot_see_others_attendance(client, world):
    client.force_login(world.resident.user)
    assert client.get(reverse("meetings:attendance", args=[world.past_meeting.code])).status_code == 403
    assert client.get(reverse("meetings:attendance_history", args=[world.group.code])).status_code == 403
    detail = client.get(reverse("meetings:detail", args=[world.past_meeting.code])).content.decode()
    assert "Remy Resident" not in detail
    listing = client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
    assert "Your attendance here: 1 on time, 0 late, 0 absent" in listing


def test_the_history_gives_rates_per_resident_and_group(client, world):
    client.force_login(world.administrator.user)
    page = client.get(reverse("meetings:attendance_history", args=[world.group.code])).content.decode()
    assert "Rita Resident" in page and "Clinic ran late" in page
    assert "100%" in page  # both residents attended (one late)


def test_a_late_arrival_is_marked_from_the_live_screen(client, world):
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:live", args=[world.past_meeting.code])).content.decode()
    assert "Everyone is marked present." in page
    Attendance.objects.filter(person=world.resident).update(status="absent")
    page = client.get(reverse("meetings:live", args=[world.past_meeting.code])).content.decode()
    assert "Rita Resident" in page and "Arrived late" in page
    response = client.post(
        reverse("meetings:attendance", args=[world.past_meeting.code]),
        {"person": str(world.resident.code), "status": "late", "from": "live"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Late, listening" in response.content.decode()
    assert Attendance.objects.get(meeting=world.past_meeting, person=world.resident).status == "late"
