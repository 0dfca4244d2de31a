"""Sessions in a browser: a resident proposes and votes; a leader confirms, takes attendance, writes notes."""

import datetime

import pytest
from conftest import PASSWORD
from django.urls import reverse
from django.utils import timezone

from balint.meetings.models import Attendance, Meeting, MeetingNote, NoteDraft, Vote
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_resident_proposes_a_topic_and_votes(page, world):
    sign_in(page, world.resident.user.username, PASSWORD)
    page.get_by_role("heading", name="Choose the focus").wait_for()  # the home page lists the open poll
    page.get_by_role("link", name=world.next_meeting.local_start.strftime("%a %-d %b %Y, %H:%M")).last.click()
    page.get_by_label("Kind").select_option("topic")
    page.get_by_label("In one line").fill("Giving feedback to clinic staff")
    page.get_by_role("button", name="Propose").click()
    page.get_by_text("Your proposal was added to the poll.").wait_for()
    page.get_by_role("button", name="Vote").click()
    page.locator(".your-vote").wait_for()
    vote = Vote.objects.get()
    assert vote.person == world.resident and vote.proposal.title == "Giving feedback to clinic staff"


def test_a_leader_confirms_takes_attendance_on_a_phone_and_writes_notes(page, world):
    from balint.meetings.services import proposal_create, vote_cast

    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Night float"
    )
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=proposal)
    # The deadline passes.
    Meeting.objects.filter(pk=world.next_meeting.pk).update(
        poll_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:detail", args=[world.next_meeting.code]))
    page.get_by_text("Most votes: Night float.").wait_for()
    page.get_by_role("button", name="Confirm the focus").click()
    page.get_by_text("The session's focus is set.").wait_for()
    world.next_meeting.refresh_from_db()
    assert (world.next_meeting.focus, world.next_meeting.focus_title) == ("topic", "Night float")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("meetings:attendance", args=[world.past_meeting.code]))
    page.get_by_text("Latecomers join and listen.").wait_for()
    button = page.get_by_role("button", name="Absent: Rita Resident")
    box = button.bounding_box()
    assert box["width"] >= 80 and box["height"] >= 44  # a thumb-sized target
    row = page.locator(f"#row-{world.resident.code}")
    row.get_by_label("Reason for Rita Resident").select_option("post_call")
    button.click()
    page.locator(f"#row-{world.resident.code} .mark", has_text="Absent · Post-call").wait_for()
    mark = Attendance.objects.get(meeting=world.past_meeting, person=world.resident)
    assert (mark.status, mark.reason) == ("absent", "post_call")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("meetings:note", args=[world.past_meeting.code]))
    page.get_by_label("Content notes").fill("The group stayed with the resident's tiredness.")
    page.get_by_label("Themes").fill("physician well-being, trust")
    page.get_by_text("Draft saved at").wait_for()
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    draft = NoteDraft.objects.get(note=note, author=world.leader)
    assert draft.content == "The group stayed with the resident's tiredness." and not note.screened
    assert draft.tags == "physician well-being, trust"  # the note's themes change when it is saved by hand
    page.reload()
    assert (
        page.get_by_label("Content notes").input_value() == "The group stayed with the resident's tiredness."
    )


def test_two_leaders_writing_at_once_both_keep_their_text(page, browser, live_server, world):
    url = reverse("meetings:note", args=[world.past_meeting.code])
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(url)
    other = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    second = other.new_page()
    second.set_default_timeout(10_000)
    try:
        sign_in(second, world.co_leader.user.username, PASSWORD)
        second.goto(url)
        page.get_by_label("Content notes").fill("First: the group sat with the silence.")
        page.get_by_text("Draft saved at").wait_for()
        second.get_by_label("Content notes").fill("Cora: the presenter looked relieved at the end.")
        second.get_by_text("Draft saved at").wait_for()  # his draft is his: her form is not stale
        second.reload()
        second.get_by_text("Lee Leader has an autosaved draft of these notes").wait_for()
        assert second.get_by_label("Content notes").input_value() == (
            "Cora: the presenter looked relieved at the end."
        )
        assert "the group sat with the silence" not in second.content()  # never his unscreened words
        page.get_by_role("button", name="Save notes").click()
        page.get_by_text("The notes were saved.").wait_for()
        second.get_by_label("Content notes").fill("Cora: the presenter looked relieved, and tired.")
        second.get_by_text("Another leader saved a newer version").wait_for()
        second.reload()
        second.get_by_role("heading", name="Two versions to merge").wait_for()
        assert second.get_by_text("First: the group sat with the silence.").first.is_visible()
        assert second.get_by_text("Cora: the presenter looked relieved, and tired.").first.is_visible()
    finally:
        other.close()


def test_a_leader_decides_each_possible_identifier_before_the_notes_are_saved(page, world):
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:note", args=[world.past_meeting.code]))
    page.get_by_label("Content notes").fill("The presenter phoned the patient on 555-867-5309 afterwards.")
    page.get_by_text("possible identifier").wait_for()  # autosave keeps the draft and counts the marks
    assert "867-5309" in NoteDraft.objects.get(note__meeting=world.past_meeting, author=world.leader).content
    page.get_by_role("button", name="Save notes").click()
    page.get_by_role("heading", name="Possible identifiers").wait_for()
    page.get_by_role("button", name="Replace every undecided span").click()
    page.get_by_role("button", name="Save notes").click()
    page.get_by_text("The notes were saved.").wait_for()
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    assert "867-5309" not in note.content and note.screened
