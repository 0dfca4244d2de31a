"""Session pages."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balint.meetings.access import get_meeting_for
from balint.meetings.models import Meeting
from balint.meetings.selectors import meeting_list
from balint.programs.access import get_group_for


@login_required
def meeting_list_view(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    meetings = list(meeting_list(group=group))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "group": group,
            "roles": roles,
            "can_run": roles.can_run_group(group),
            "upcoming": [m for m in meetings if m.status == Meeting.Status.SCHEDULED],
            "past": [m for m in reversed(meetings) if m.status != Meeting.Status.SCHEDULED],
        },
    )


@login_required
def meeting_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    can_run = roles.can_run_group(meeting.group)
    context = {"meeting": meeting, "group": meeting.group, "roles": roles, "can_run": can_run}
    if can_run:
        context["attendances"] = meeting.attendances.select_related("person")
        context["note"] = getattr(meeting, "note", None) if roles.can_read_notes(meeting.group) else None
    return render(request, "meetings/meeting_detail.html", context)


