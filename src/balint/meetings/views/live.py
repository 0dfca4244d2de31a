"""The live session: phases and the timer."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import get_meeting_for, runs
from balint.meetings.models import Attendance, Meeting


def _live_context(meeting: Meeting) -> dict:
    phases = services.phases_for(group=meeting.group)
    current = (
        phases[meeting.live_phase]
        if meeting.live_phase is not None and meeting.live_phase < len(phases)
        else None
    )
    rows = selectors.attendance_sheet(meeting=meeting)
    return {
        "meeting": meeting,
        "group": meeting.group,
        "phases": phases,
        "current": current,
        "ends_at": meeting.live_phase_started_at + datetime.timedelta(minutes=current["minutes"])
        if current
        else None,
        "waiting": [
            r for r in rows if r.attendance is None or r.attendance.status == Attendance.Status.ABSENT
        ],
        "policy": meeting.group.policy_on(meeting.local_start.date()),
    }


@login_required
@require_GET
def live(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    return render(request, "meetings/live.html", _live_context(meeting))


@login_required
@require_POST
def live_advance(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    expected = request.POST.get("phase", "")
    try:
        services.live_advance(
            meeting=meeting,
            action=request.POST.get("action", "")[:10],
            expected_phase=int(expected) if expected.lstrip("-").isdigit() else None,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(reverse("meetings:live", args=[meeting.code]))
