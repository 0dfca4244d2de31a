"""The attendance sheet of a session."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import get_meeting_for, runs
from balint.meetings.forms import AttendanceForm
from balint.meetings.models import Attendance, Meeting
from balint.programs.access import Roles


def _attendance_context(meeting: Meeting, roles: Roles) -> dict:
    policy = meeting.group.policy_on(meeting.local_start.date())
    state = services.attendance_state(meeting=meeting)
    ahead = state == services.SheetState.AHEAD
    return {
        "meeting": meeting,
        "group": meeting.group,
        "policy": policy,
        "rows": selectors.attendance_sheet(meeting=meeting),
        "state": state,
        "opens_at": services.attendance_opens_at(meeting=meeting),
        # Only what can be done now: ahead of the session a known absence (with its reason) and nothing else.
        "statuses": [c for c in Attendance.Status.choices if c[0] == Attendance.Status.ABSENT]
        if ahead
        else Attendance.Status.choices,
        "reasons": Attendance.Reason.choices,  # ahead, the empty one reads "Choose a reason" and is refused
    }


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    htmx = bool(request.headers.get("HX-Request"))
    if request.method == "POST":
        form = AttendanceForm(request.POST, group=meeting.group)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["status"] == AttendanceForm.CLEAR:
                    services.attendance_clear(meeting=meeting, person=data["person"])
                    mark = None
                else:
                    mark = services.attendance_record(meeting=meeting, **data)
            except ApplicationError as refused:
                error = refused.message
            else:
                if htmx and request.POST.get("from") == "live" and mark:
                    return render(request, "meetings/partials/_late_done.html", {"mark": mark})
                if htmx:
                    row = selectors.SheetRow(person=data["person"], attendance=mark)
                    ctx = _attendance_context(meeting, roles) | {"row": row}
                    return render(request, "meetings/partials/_attendance_row.html", ctx)
                return redirect("meetings:attendance", code=meeting.code)
        else:
            error = " ".join(e for errors in form.errors.values() for e in errors)
        person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
        if htmx and person is not None and request.POST.get("from") != "live":
            # The refusal is shown in the row that was tapped, which keeps its current mark.
            mark = selectors.attendance_of(meeting=meeting, person=person)
            ctx = _attendance_context(meeting, roles) | {
                "row": selectors.SheetRow(person=person, attendance=mark),
                "row_error": error,
            }
            return render(request, "meetings/partials/_attendance_row.html", ctx, status=422)
        if htmx:
            return render(
                request, "core/partials/_error.html", {"error": ApplicationError(error)}, status=422
            )
        ctx = _attendance_context(meeting, roles) | {"error": error}
        return render(request, "meetings/attendance.html", ctx, status=422)
    return render(request, "meetings/attendance.html", _attendance_context(meeting, roles))
