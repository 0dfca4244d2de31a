"""Session look-ups scoped to the user's programs; the rule itself comes from programs.access.Roles."""

from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest

from balint.core.services import get_object
from balint.meetings.models import Meeting
from balint.programs.access import Roles, require, programs_for, roles_for
from balint.programs.models import Group


def get_meeting_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[Roles, Group], bool]
) -> tuple[Meeting, Roles]:
    """The session by code within the user's programs (else 404) if `allow` says yes for its group (else 403)."""
    meeting = get_object(
        Meeting.objects.filter(group__program__in=programs_for(request.user)).select_related(
            "group__program", "presenter"
        ),
        code=code,
    )
    roles = roles_for(request.user, meeting.group.program)
    return meeting, require(roles, allow(roles, meeting.group))
