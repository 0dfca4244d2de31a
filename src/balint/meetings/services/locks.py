"""The session's row, locked for the rest of the transaction before a write re-checks it."""

from balint.meetings.models import Meeting


def locked_meeting(meeting: Meeting, *, group_too: bool = False) -> Meeting:
    """The session read again under `SELECT ... FOR UPDATE`, its group and program read along.

    Only the session's row is locked: locking the joined rows as well (PostgreSQL's default) made every
    vote, note save and poll of a program wait for one another on the program's single row. With
    `group_too` the group's row is locked as well: schedule changes of a group go one at a time.
    """
    of = ("self", "group") if group_too else ("self",)
    return Meeting.objects.select_for_update(of=of).select_related("group__program").get(pk=meeting.pk)
