"""Session pages, one module per area; urls.py reaches them through this package."""

from balint.meetings.views.attendance import attendance
from balint.meetings.views.calendar import calendar, feed
from balint.meetings.views.groups import (
    attendance_history,
    meeting_add,
    meeting_list_view,
    phases_update,
    schedule_create,
    schedule_edit,
    schedule_end,
)
from balint.meetings.views.live import live, live_advance
from balint.meetings.views.notes import note_autosave, note_conflict_resolve, note_edit
from balint.meetings.views.sessions import (
    case_summary,
    focus_confirm,
    meeting_cancel,
    meeting_detail,
    meeting_ics,
    meeting_move,
    poll_close,
    poll_deadline,
    proposal_create,
    vote_cast,
)

__all__ = [
    "attendance",
    "attendance_history",
    "calendar",
    "case_summary",
    "feed",
    "focus_confirm",
    "live",
    "live_advance",
    "meeting_add",
    "meeting_cancel",
    "meeting_detail",
    "meeting_ics",
    "meeting_list_view",
    "meeting_move",
    "note_autosave",
    "note_conflict_resolve",
    "note_edit",
    "phases_update",
    "poll_close",
    "poll_deadline",
    "proposal_create",
    "schedule_create",
    "schedule_edit",
    "schedule_end",
    "vote_cast",
]
