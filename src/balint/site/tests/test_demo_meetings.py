from balint.meetings.models import Meeting, MeetingNote, Proposal, Schedule
from balint.meetings.services import poll_tally
from balint.site.demo import demo_load
from balint.site.demo.schedule import FLEXIBLE_FROM


def test_the_demo_gains_polls_in_its_flexible_months_and_tagged_notes(db):
    summary = demo_load()
    assert "balint.site.demo.meetings" in summary.extensions
    assert (
        Schedule.objects.get().describe() == "1st, 2nd and 4th Tuesday of the month at 12:30 for 60 minutes"
    )
    polled = Meeting.objects.filter(proposals__isnull=False).distinct().select_related("group__program")
    assert polled.exists()
    assert all(m.local_start.date() >= FLEXIBLE_FROM for m in polled)
    for meeting in polled.filter(status=Meeting.Status.HELD):
        tally = poll_tally(meeting=meeting)
        assert tally.winner is not None and tally.winner.title == meeting.focus_title[:160]
        assert meeting.focus_confirmed_at is not None
    open_polls = polled.filter(status=Meeting.Status.SCHEDULED)
    assert open_polls.exists()
    assert not Proposal.objects.filter(
        meeting__in=open_polls, votes__person__user__username="resident"
    ).exists()
    tagged = MeetingNote.objects.filter(tags__isnull=False).distinct()
    assert tagged.count() >= MeetingNote.objects.count() * 0.8
    assert MeetingNote.objects.filter(tags__label="sexual attraction", meeting__starts_at__year=2026).exists()
