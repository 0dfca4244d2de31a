"""Writes for sessions; each service is atomic and raises ApplicationError when a rule refuses."""

from balint.meetings.services.attendance import (
    SheetState,
    attendance_clear,
    attendance_opens_at,
    attendance_record,
    attendance_state,
)
from balint.meetings.services.calendar import (
    calendar_feed_by_token,
    calendar_feed_create,
    calendar_feed_revoke,
    meeting_calendar,
    person_calendar,
)
from balint.meetings.services.live import live_advance, phase_plan_set, phases_for, phases_parse
from balint.meetings.services.notes import NoteSave, note_conflict_resolve, note_save, tags_parse
from balint.meetings.services.polls import (
    POLL_RULES,
    PollTally,
    focus_confirm,
    poll_close,
    poll_deadline_set,
    poll_is_open,
    poll_tally,
    problem_solving_permitted,
    proposal_create,
    residents_choose,
    vote_cast,
)
from balint.meetings.services.schedules import (
    local_datetime,
    meeting_add,
    meeting_cancel,
    meeting_case_summary_set,
    meeting_move,
    schedule_create,
    schedule_dates,
)

__all__ = [
    "POLL_RULES",
    "NoteSave",
    "PollTally",
    "SheetState",
    "attendance_clear",
    "attendance_opens_at",
    "attendance_record",
    "attendance_state",
    "calendar_feed_by_token",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "focus_confirm",
    "live_advance",
    "local_datetime",
    "meeting_add",
    "meeting_calendar",
    "meeting_cancel",
    "meeting_case_summary_set",
    "meeting_move",
    "note_conflict_resolve",
    "note_save",
    "person_calendar",
    "phase_plan_set",
    "phases_for",
    "phases_parse",
    "poll_close",
    "poll_deadline_set",
    "poll_is_open",
    "poll_tally",
    "problem_solving_permitted",
    "proposal_create",
    "residents_choose",
    "schedule_create",
    "schedule_dates",
    "tags_parse",
    "vote_cast",
]
