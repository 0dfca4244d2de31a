"""A group's sessions: the list, schedules, one-off sessions, attendance history and phases."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import runs, sees_attendance_history
from balint.meetings.forms import MeetingTimeForm, PhasesForm, ScheduleEndForm, ScheduleForm
from balint.meetings.models import ATTENDANCE_RATE_DEFINITION
from balint.programs.access import get_group_for


@login_required
def meeting_list_view(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    meetings = list(selectors.meeting_list(group=group))
    now = timezone.now()
    can_run = roles.can_run_group(group)  # each role check is a query: ask once
    own = selectors.own_attendance(group=group, person=roles.person) if roles.belongs_to(group) else None
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "group": group,
            "roles": roles,
            "can_run": can_run,
            "sees_history": can_run or roles.is_admin,
            "schedules": selectors.schedules_of(group=group) if can_run else [],
            "upcoming": [m for m in meetings if m.starts_at >= now],
            "past": [m for m in reversed(meetings) if m.starts_at < now],
            "own": own,
        },
    )


def _schedule_page(
    request: HttpRequest,
    group,
    schedule,
    form: ScheduleForm,
    apply,
) -> HttpResponse:
    """Preview first (nothing written), then apply exactly the plan that was previewed."""
    plan = None
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            plan = services.schedule_plan(group=group, schedule=schedule, **fields)
            if "confirm" in request.POST:
                response = apply(fields, request.POST.get("plan", ""))
                if response is not None:
                    return response
        except ApplicationError as error:
            error.add_to(form)
            if plan is not None:  # the preview still shows what saving would do now
                plan = services.schedule_plan(group=group, schedule=schedule, **fields)
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "meetings/schedule_form.html",
        {
            "group": group,
            "schedule": schedule,
            "form": form,
            "plan": plan,
            "end_form": ScheduleEndForm() if schedule else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_create(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, runs)
    today = timezone.localdate()
    form = ScheduleForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=182)},
    )

    def apply(fields: dict, expected: str) -> HttpResponse:
        schedule, created = services.schedule_create(group=group, expected=expected, **fields)
        messages.success(
            request,
            _("Schedule saved: {value}. {created} sessions were added.").format(
                value=schedule.describe(), created=created
            ),
        )
        return redirect("meetings:list", code=group.code)

    return _schedule_page(request, group, None, form, apply)


def _schedule_for(request: HttpRequest, code: UUID, schedule_code: UUID):
    group, roles = get_group_for(request, code, runs)
    return group, selectors.schedule_of(group=group, code=schedule_code)


def _changed_message(plan: services.SchedulePlan) -> str:
    return _(
        "The schedule was changed: {added} sessions added, {moved} moved, {removed} removed; held sessions "
        "are unchanged."
    ).format(added=len(plan.create), moved=len(plan.update), removed=len(plan.remove))


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, code: UUID, schedule_code: UUID) -> HttpResponse:
    group, schedule = _schedule_for(request, code, schedule_code)
    initial = {
        name: getattr(schedule, name)
        for name in ("repeat", "weekday", "weeks_of_month", "every_weeks", "start_time", "minutes")
    } | {"starts_on": schedule.starts_on, "ends_on": schedule.ends_on}
    form = ScheduleForm(request.POST or None, initial=initial)

    def apply(fields: dict, expected: str) -> HttpResponse:
        plan = services.schedule_update(schedule=schedule, expected=expected, **fields)
        messages.success(request, _changed_message(plan))
        return redirect("meetings:list", code=group.code)

    return _schedule_page(request, group, schedule, form, apply)


@login_required
@require_POST
def schedule_end(request: HttpRequest, code: UUID, schedule_code: UUID) -> HttpResponse:
    """End a schedule after a day: a preview of the sessions removed, then the confirmed change."""
    group, schedule = _schedule_for(request, code, schedule_code)
    end_form = ScheduleEndForm(request.POST)
    plan = None
    if end_form.is_valid():
        try:
            fields = services.schedule_end_fields(
                schedule=schedule, last_day=end_form.cleaned_data["last_day"]
            )
            plan = services.schedule_plan(group=group, schedule=schedule, **fields)
            if "confirm" in request.POST:
                plan = services.schedule_update(
                    schedule=schedule, expected=request.POST.get("plan", ""), **fields
                )
                messages.success(request, _changed_message(plan))
                return redirect("meetings:list", code=group.code)
        except ApplicationError as error:
            error.add_to(end_form)
    initial = {
        name: getattr(schedule, name)
        for name in ("repeat", "weekday", "weeks_of_month", "every_weeks", "start_time", "minutes")
    } | {"starts_on": schedule.starts_on, "ends_on": schedule.ends_on}
    return render(
        request,
        "meetings/schedule_form.html",
        {
            "group": group,
            "schedule": schedule,
            "form": ScheduleForm(initial=initial),
            "plan": None,
            "end_plan": plan,
            "end_form": end_form,
        },
        status=200 if end_form.is_valid() and not end_form.errors else 422,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, runs)
    form = MeetingTimeForm(request.POST or None, initial={"minutes": group.meeting_minutes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts = services.local_datetime(program=group.program, day=data["date"], at=data["time"])
        try:
            meeting = services.meeting_add(group=group, starts_at=starts, minutes=data["minutes"])
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("A one-off session was added."))
            return redirect("meetings:detail", code=meeting.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/meeting_time_form.html",
        {"group": group, "form": form, "meeting": None},
        status=status,
    )


@login_required
def attendance_history(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, sees_attendance_history)
    return render(
        request,
        "meetings/attendance_history.html",
        {
            "group": group,
            "roles": roles,
            "history": selectors.attendance_history(group=group),
            "definition": ATTENDANCE_RATE_DEFINITION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def phases_update(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, runs)
    current = services.phases_for(group=group)
    text = "\n".join(f"{p['name']}, {p['minutes']}" for p in current)
    form = PhasesForm(request.POST or None, initial={"phases": text})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_plan_set(group=group, phases=services.phases_parse(form.cleaned_data["phases"]))
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The session phases were saved."))
            return redirect("meetings:list", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "meetings/phases_form.html", {"group": group, "form": form}, status=status)
