"""The attendance sheet offers only what can be done now, and shows a refusal beside the row tapped."""

from django.urls import reverse

from balint.meetings.models import Attendance


def _post(client, meeting, **data):
    return client.post(
        reverse("meetings:attendance", args=[meeting.code]), data, headers={"HX-Request": "true"}
    )


def test_a_future_sheet_offers_known_absences_only(client, world):
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:attendance", args=[world.next_meeting.code])).content.decode()
    assert "known absences with their reason" in page
    assert 'value="on_time"' not in page and 'value="late"' not in page
    assert page.count('name="status" value="absent"') == 2  # one per resident
    assert "No reason" not in page  # a known absence always has its reason


def test_a_known_absence_is_recorded_and_removed_over_htmx(client, world):
    client.force_login(world.leader.user)
    response = _post(
        client, world.next_meeting, person=str(world.resident.code), status="absent", reason="leave"
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert "Known absence · Leave" in row and f'id="row-{world.resident.code}"' in row and "Remove" in row
    response = _post(client, world.next_meeting, person=str(world.resident.code), status="clear")
    assert response.status_code == 200 and "not marked" in response.content.decode()
    assert not Attendance.objects.filter(meeting=world.next_meeting).exists()


def test_a_refusal_comes_back_in_the_row_that_was_tapped(client, world):
    client.force_login(world.leader.user)
    response = _post(client, world.next_meeting, person=str(world.resident.code), status="on_time")
    assert response.status_code == 422
    row = response.content.decode()
    assert row.startswith('<li class="sheet-row') and f'id="row-{world.resident.code}"' in row
    assert 'class="row-error" role="alert"' in row and "Until then you can record a known absence" in row
    response = _post(client, world.next_meeting, person=str(world.resident.code), status="absent")
    assert response.status_code == 422 and "needs its reason" in response.content.decode()


def test_a_cancelled_sheet_offers_nothing(client, world):
    from balint.meetings.services import meeting_cancel

    meeting_cancel(meeting=world.next_meeting, reason="Holiday")
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:attendance", args=[world.next_meeting.code])).content.decode()
    assert "there is no attendance to take" in page and 'name="status"' not in page
