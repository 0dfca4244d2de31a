"""Issue 21 in a browser, at desk (1280) and phone (390) width: schedules, date order, case summary, closing a
poll, known absences, the program's time zone, screening memory, required survey answers, navigation."""

import datetime
import re

import pytest
from conftest import PASSWORD
from django.urls import reverse
from django.utils import timezone

from balint.meetings.models import Attendance, Meeting, Schedule
from balint.meetings.services import meeting_add, meeting_cancel, proposal_create, vote_cast
from balint.privacy.models import ScreeningKeep
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

WIDTHS = {"desk": 1280, "phone": 390}


@pytest.fixture(params=sorted(WIDTHS))
def width(request, page) -> int:
    page.set_viewport_size({"width": WIDTHS[request.param], "height": 900})
    page.set_default_timeout(30_000)  # the machine is shared: allow a slow page
    return WIDTHS[request.param]


def _accept_confirms(page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def test_a_leader_previews_creates_then_changes_a_schedule(page, world, width):
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:list", args=[world.group.code]))
    page.get_by_role("link", name="New schedule").click()
    page.get_by_label("Repeat").select_option("weekly")
    page.get_by_label("Weekday").select_option("3")
    page.get_by_label("First day", exact=True).fill("2030-09-01")
    page.get_by_label("Last day", exact=True).fill("2030-09-30")
    page.get_by_role("button", name="Preview the sessions").click()
    page.get_by_role("heading", name="4 sessions to add").wait_for()
    assert not Schedule.objects.exists()  # the preview wrote nothing
    page.get_by_role("button", name="Create 4 sessions").click()
    page.get_by_text("4 sessions were added.").wait_for()
    # The same again: the preview names the days it skips and offers nothing to create.
    page.get_by_role("link", name="New schedule").click()
    page.get_by_label("Repeat").select_option("weekly")
    page.get_by_label("Weekday").select_option("3")
    page.get_by_label("First day", exact=True).fill("2030-09-01")
    page.get_by_label("Last day", exact=True).fill("2030-09-30")
    page.get_by_role("button", name="Preview the sessions").click()
    page.get_by_role("heading", name="4 days skipped").wait_for()
    assert page.get_by_role("button", name=re.compile("^Create")).count() == 0
    assert Meeting.objects.filter(schedule__isnull=False).count() == 4
    # Change the time: the four sessions to come follow.
    page.goto(reverse("meetings:list", args=[world.group.code]))
    page.get_by_role("link", name=re.compile("Change or end")).click()
    page.get_by_label("Start time").fill("15:15")
    page.get_by_role("button", name="Preview the sessions").click()
    page.get_by_role("heading", name="4 sessions to move").wait_for()
    page.get_by_role("button", name="Apply the change").click()
    page.get_by_text("4 moved").wait_for()
    assert {m.local_start.strftime("%H:%M") for m in Meeting.objects.filter(schedule__isnull=False)} == {
        "15:15"
    }


def test_upcoming_sessions_are_in_date_order_for_a_resident(page, world, width):
    base = world.next_meeting.starts_at
    later = meeting_add(group=world.group, starts_at=base + datetime.timedelta(days=14), minutes=60)
    meeting_add(
        group=world.group, starts_at=base + datetime.timedelta(days=3), minutes=60
    )  # one-off, added last
    sign_in(page, world.resident.user.username, PASSWORD)
    page.goto(reverse("meetings:list", args=[world.group.code]))
    stamps = page.locator("section[aria-labelledby=upcoming-heading] time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    moments = [datetime.datetime.fromisoformat(stamp) for stamp in stamps]
    assert len(moments) == 3 and moments == sorted(moments) and moments[-1] == later.starts_at


def test_the_presenter_writes_a_screened_case_summary(page, world, width):
    sign_in(page, world.resident.user.username, PASSWORD)
    page.goto(reverse("meetings:detail", args=[world.past_meeting.code]))
    page.get_by_role("link", name="Write the case summary").click()
    page.get_by_label("Case summary").fill("Mr. Jones keeps asking for more oxycodone.")
    page.get_by_role("button", name="Save the case summary").click()
    page.get_by_text("Replace with [NAME]").first.click()
    page.get_by_role("button", name="Save the case summary").click()
    page.get_by_text("The case summary was saved.").wait_for()
    world.past_meeting.refresh_from_db()
    assert "Jones" not in world.past_meeting.case_summary and "[NAME]" in world.past_meeting.case_summary


def test_a_kept_span_is_not_asked_again_of_a_co_leader(page, browser, live_server, world, width):
    text = "Dr. Okafor from cardiology joined the discussion."
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:case_summary", args=[world.next_meeting.code]))
    page.get_by_label("Case summary").fill(text)
    page.get_by_role("button", name="Save the case summary").click()
    for radio in page.get_by_role("radio", name="Keep").all():
        radio.check()
    for reason in page.locator("[data-screening-reason] input").all():
        reason.fill("A colleague, not a patient.")
    page.get_by_role("button", name="Save the case summary").click()
    page.get_by_text("The case summary was saved.").wait_for()
    assert ScreeningKeep.objects.exists()
    other = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url).new_page()
    sign_in(other, world.co_leader.user.username, PASSWORD)
    other.goto(reverse("meetings:case_summary", args=[world.next_meeting.code]))
    other.get_by_label("Case summary").fill(text + " It went well.")
    other.get_by_role("button", name="Save the case summary").click()
    other.get_by_text("The case summary was saved.").wait_for()  # not asked again
    other.context.close()


def test_a_leader_closes_the_poll_now(page, world, width):
    proposal = proposal_create(
        meeting=world.next_meeting, person=world.resident, focus="topic", title="Sleep"
    )
    vote_cast(meeting=world.next_meeting, person=world.other_resident, proposal=proposal)
    _accept_confirms(page)
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:detail", args=[world.next_meeting.code]))
    page.get_by_text("The leaders may close the poll early").wait_for()
    page.get_by_role("button", name="Close the poll now").click()
    page.get_by_text("The poll is closed. Confirm the focus below.").wait_for()
    page.get_by_role("button", name="Confirm the focus").click()
    page.get_by_text("The session's focus is set.").wait_for()
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.focus_title == "Sleep"


def test_known_absences_ahead_and_a_refusal_beside_the_row(page, world, width):
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:attendance", args=[world.next_meeting.code]))
    page.get_by_text("known absences with their reason").wait_for()
    assert page.get_by_role("button", name="On time: Rita Resident").count() == 0
    row = page.locator(f"#row-{world.resident.code}")
    row.get_by_label("Reason for Rita Resident").select_option("leave")
    row.get_by_role("button", name="Known absence: Rita Resident").click()
    page.locator(f"#row-{world.resident.code} .mark", has_text="Known absence · Leave").wait_for()
    assert Attendance.objects.get(meeting=world.next_meeting, person=world.resident).reason == "leave"
    # A co-leader cancels the session meanwhile: the next tap is refused, in the row tapped.
    meeting_cancel(meeting=world.next_meeting, reason="Exam")
    other = page.locator(f"#row-{world.other_resident.code}")
    other.get_by_role("button", name="Known absence: Remy Resident").click()
    alert = page.locator(f"#row-{world.other_resident.code} .row-error")
    alert.wait_for()
    assert "cancelled" in alert.inner_text()
    box = alert.bounding_box()
    assert box["y"] > 0 and box["x"] + box["width"] <= width  # on screen, beside the row


def test_pages_show_the_programs_time_zone(page, world, width):
    world.program.time_zone = "Pacific/Auckland"
    world.program.save(update_fields=["time_zone"])
    starts = datetime.datetime(2030, 6, 30, 20, 30, tzinfo=datetime.UTC)  # 08:30 on 1 July in Auckland
    meeting = Meeting.objects.create(
        group=world.group, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    sign_in(page, world.leader.user.username, PASSWORD)
    page.goto(reverse("meetings:detail", args=[meeting.code]))
    page.get_by_role("heading", name=re.compile("Mon 1 Jul 2030, 08:30")).wait_for()


def test_a_required_answer_is_asked_beside_its_question(page, world, width):
    from balint.surveys.models import Invitation
    from balint.surveys.tests.factories import add_members, make_survey

    add_members(world.group, 3)
    survey = make_survey(world.group)
    question = survey.instrument.questions.first()
    question.required = True
    question.save()
    assert Invitation.objects.filter(survey=survey, person=world.resident).exists()
    sign_in(page, world.resident.user.username, PASSWORD)
    page.goto(reverse("surveys:answer", args=[survey.code]))
    page.get_by_text(f"{question.text} (required)").first.wait_for()
    page.get_by_role("button", name="Send my answers").click()
    message = page.get_by_text("An answer is required.")
    message.wait_for()
    assert message.bounding_box()["x"] + message.bounding_box()["width"] <= width


@pytest.mark.parametrize("persona", ["resident", "transcriber"])
def test_residents_and_transcribers_see_only_links_they_may_follow(page, world, width, persona):
    sign_in(page, getattr(world, persona).user.username, PASSWORD)
    program_page = reverse("programs:detail", args=[world.program.slug])
    assert page.locator(f'a[href="{program_page}"]').count() == 0
    if persona == "resident":
        page.get_by_role("link", name="Add my sessions to my calendar").click()
        page.wait_for_url(f"**{reverse('meetings:calendar')}")
    assert timezone.now()  # the page loaded without a refused link
