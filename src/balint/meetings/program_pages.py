"""What meetings adds to programs' pages, registered in MeetingsConfig.ready() (balint.programs.hooks)."""

from typing import Any

from balint.meetings.models import Meeting
from balint.meetings.selectors import group_summary
from balint.programs.models import Group, Program


def overview_counts(program: Program) -> dict[str, int]:
    """The program overview's count of sessions held (one query)."""
    held = Meeting.objects.filter(group__program=program, status=Meeting.Status.HELD).count()
    return {"sessions_held": held}


def group_page_context(group: Group) -> dict[str, Any]:
    """The group page's sessions at a glance."""
    return {"summary": group_summary(group=group)}
