"""Leaders close a poll early; the presenter's case summary goes through the screening step."""

from django.urls import reverse
from django.utils import timezone

from balint.meetings.models import Meeting
from balint.meetings.services import POLL_RULES, poll_is_open, proposal_create, vote_cast


def test_a_leader_closes_the_poll_now_and_the_rules_shown_stay_true(client, world):
    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Sleep"
    )
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=proposal)
    client.force_login(world.leader.user)
    detail = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "Close the poll now" in detail and "may close the poll early" in detail
    response = client.post(reverse("meetings:poll_close", args=[world.next_meeting.code]))
    assert response.status_code == 302
    world.next_meeting.refresh_from_db()
    assert not poll_is_open(meeting=world.next_meeting)
    assert world.next_meeting.poll_closes_at <= timezone.now()
    page = client.get(reverse("meetings:detail", args=[world.next_meeting.code])).content.decode()
    assert "Most votes: Sleep." in page and "Close the poll now" not in page
    # Residents can no longer vote: the deadline shown is the moment it closed.
    client.force_login(world.resident.user)
    response = client.post(
        reverse("meetings:vote", args=[world.next_meeting.code]), {"proposal": proposal.code}
    )
    assert response.status_code == 422 and "The poll closed on" in response.content.decode()
    assert any("close the poll early" in rule for rule in POLL_RULES)


def test_a_resident_cannot_close_a_poll_and_a_closed_one_is_not_closed_twice(client, world):
    client.force_login(world.resident.user)
    assert client.post(reverse("meetings:poll_close", args=[world.next_meeting.code])).status_code == 403
    client.force_login(world.leader.user)
    client.post(reverse("meetings:poll_close", args=[world.next_meeting.code]))
    closed_at = Meeting.objects.get(pk=world.next_meeting.pk).poll_closes_at
    response = client.post(reverse("meetings:poll_close", args=[world.next_meeting.code]), follow=True)
    assert "already closed" in response.content.decode()
    assert Meeting.objects.get(pk=world.next_meeting.pk).poll_closes_at == closed_at


def test_the_presenter_writes_a_screened_case_summary(client, world):
    url = reverse("meetings:case_summary", args=[world.past_meeting.code])  # presented by world.resident
    client.force_login(world.resident.user)
    text = "Mr. Jones, 58, seen on 3/14/2024, keeps asking for more oxycodone."
    response = client.post(url, {"case_summary": text})
    assert response.status_code == 422 and "possible identifier" in response.content.decode()
    assert Meeting.objects.get(pk=world.past_meeting.pk).case_summary == ""
    data = {"case_summary": text}
    page = response.content.decode()
    import re

    for name in set(re.findall(r'name="(screening-case_summary-[a-z0-9-]+?)"', page)):
        if not name.endswith("-reason"):
            data[name] = "replace"
    response = client.post(url, data)
    assert response.status_code == 302
    stored = Meeting.objects.get(pk=world.past_meeting.pk).case_summary
    assert "Jones" not in stored and "3/14/2024" not in stored and "oxycodone" in stored
    detail = client.get(reverse("meetings:detail", args=[world.past_meeting.code])).content.decode()
    assert "Edit the case summary" in detail and "oxycodone" in detail


def test_other_residents_neither_write_nor_read_the_case_summary(client, world):
    Meeting.objects.filter(pk=world.past_meeting.pk).update(case_summary="A de-identified summary.")
    client.force_login(world.other_resident.user)
    assert client.get(reverse("meetings:case_summary", args=[world.past_meeting.code])).status_code == 403
    detail = client.get(reverse("meetings:detail", args=[world.past_meeting.code])).content.decode()
    assert "A de-identified summary." not in detail
