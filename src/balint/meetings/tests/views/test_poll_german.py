"""A poll's rules and tally are read in the reader's language (here German, from the browser)."""

from django.urls import reverse

from balint.meetings.services import proposal_create, vote_cast


def test_residents_read_the_poll_rules_and_leaders_the_tally_in_german(client, world):
    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Schlaf"
    )
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=proposal)
    detail = reverse("meetings:detail", args=[world.next_meeting.code])
    client.force_login(world.resident.user)
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Jede Ärztin und jeder Arzt in Weiterbildung hat eine Stimme" in page
    assert "Each resident has one vote" not in page
    client.force_login(world.leader.user)
    client.post(reverse("meetings:poll_close", args=[world.next_meeting.code]))
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Meiste Stimmen: Schlaf." in page
