"""Session look-ups scoped to the user's programs; the rule itself comes from programs.access.Roles."""

from collections.abc import Callable
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from balint.core.services import get_object
from balint.meetings.models import Meeting
from balint.programs.access import Roles, person_for, programs_for, require, roles_for
from balint.programs.models import Group, Person


def get_meeting_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[Roles, Group], bool]
) -> tuple[Meeting, Roles]:
    """The session by code in the user's programs (else 404) if `allow` says yes for its group (else 403)."""
    meeting = get_object(
        Meeting.objects.filter(group__program__in=programs_for(request.user)).select_related(
            "group__program", "presenter"
        ),
        code=code,
    )
    roles = roles_for(request.user, meeting.group.program)
    return meeting, require(roles, allow(roles, meeting.group))


def runs(roles: Roles, group: Group) -> bool:
    """Leaders of the group: schedule, take attendance, write notes, run the timer."""
    return roles.can_run_group(group)


def votes_in(roles: Roles, group: Group) -> bool:
    """Residents of the group propose and vote on its sessions' focus."""
    return roles.belongs_to(group)


def writes_case_summary(roles: Roles, group: Group, meeting: Meeting) -> bool:
    """The group's leaders, and the resident presenting the case."""
    return roles.can_run_group(group) or (
        roles.person is not None and meeting.presenter_id == roles.person.pk and roles.belongs_to(group)
    )


def sees_attendance_history(roles: Roles, group: Group) -> bool:
    return roles.can_run_group(group) or roles.is_admin


def current_person(request: HttpRequest) -> Person:
    """The signed-in person, else 404 (a staff login without a person has no calendar)."""
    person = person_for(request.user)
    if person is None:
        raise Http404(_("No person for this login."))
    return person
