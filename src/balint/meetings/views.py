"""Session pages: schedules, the focus poll, attendance, notes, calendar and the live timer."""

import datetime
import secrets
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import (
    current_person,
    get_meeting_for,
    runs,
    sees_attendance_history,
    votes_in,
    writes_case_summary,
)
from balint.meetings.forms import (
    AttendanceForm,
    CancelForm,
    CaseSummaryForm,
    FocusForm,
    MeetingTimeForm,
    NoteDraftForm,
    NoteForm,
    PhasesForm,
    PollDeadlineForm,
    ProposalForm,
    ScheduleEndForm,
    ScheduleForm,
    VoteForm,
)
from balint.meetings.models import ATTENDANCE_RATE_DEFINITION, Attendance, Meeting, NoteConflict
from balint.privacy.services import screen_for_storage
from balint.programs.access import Roles, get_group_for, require

# --- sessions of a group -------------------------------------------------------------------------


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
            "schedules": list(group.schedules.order_by("starts_on", "pk")) if can_run else [],
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
    apply,  # noqa: ANN001
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
        messages.success(request, f"Schedule saved: {schedule.describe()}. {created} sessions were added.")
        return redirect("meetings:list", code=group.code)

    return _schedule_page(request, group, None, form, apply)


def _schedule_for(request: HttpRequest, code: UUID, schedule_code: UUID):  # noqa: ANN202
    group, roles = get_group_for(request, code, runs)
    schedule = group.schedules.filter(code=schedule_code).select_related("group__program").first()
    if schedule is None:
        raise Http404("No such schedule.")
    return group, schedule


def _changed_message(plan: services.SchedulePlan) -> str:
    return (
        f"The schedule was changed: {len(plan.create)} sessions added, {len(plan.update)} moved, "
        f"{len(plan.remove)} removed; held sessions are unchanged."
    )


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
            messages.success(request, "A one-off session was added.")
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
            messages.success(request, "The session phases were saved.")
            return redirect("meetings:list", code=group.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "meetings/phases_form.html", {"group": group, "form": form}, status=status)


# --- one session ---------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, meeting: Meeting, roles: Roles, **forms) -> dict:  # noqa: ANN003
    meeting = selectors.meeting_with_poll(meeting=meeting)
    group = meeting.group
    can_run = roles.can_run_group(group)
    chooses = services.residents_choose(meeting=meeting)
    problem_solving = services.problem_solving_permitted(meeting=meeting)
    context = {
        "meeting": meeting,
        "group": group,
        "roles": roles,
        "can_run": can_run,
        "policy": group.policy_on(meeting.local_start.date()),
        "residents_choose": chooses,
        "poll_open": services.poll_is_open(meeting=meeting),
        "poll_rules": services.POLL_RULES,
        "proposals": list(meeting.proposals.all()),
        "now": timezone.now(),
        "writes_summary": writes_case_summary(roles, group, meeting),
    }
    if chooses and roles.belongs_to(group):
        context["my_vote"] = selectors.vote_of(meeting=meeting, person=roles.person)
        context["proposal_form"] = forms.get("proposal_form") or ProposalForm(
            problem_solving=problem_solving, program=group.program, person=roles.person
        )
        context["vote_error"] = forms.get("vote_error")
    if can_run:
        context["tally"] = services.poll_tally(meeting=meeting) if chooses else None
        context["focus_form"] = forms.get("focus_form") or FocusForm(
            meeting=meeting,
            initial={"focus": meeting.focus, "title": meeting.focus_title},
            program=group.program,
            person=roles.person,
        )
        context["cancel_form"] = forms.get("cancel_form") or CancelForm()
        deadline = meeting.local_poll_deadline
        context["deadline_form"] = forms.get("deadline_form") or PollDeadlineForm(
            initial={"date": deadline.date(), "time": deadline.time().replace(second=0, microsecond=0)}
        )
        context["attendances"] = meeting.attendances.select_related("person")
        context["note"] = getattr(meeting, "note", None) if roles.can_read_notes(group) else None
    return context


@login_required
def meeting_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting, roles))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    initial = {
        "date": meeting.local_start.date(),
        "time": meeting.local_start.time(),
        "minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
    }
    form = MeetingTimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts = services.local_datetime(program=meeting.group.program, day=data["date"], at=data["time"])
        try:
            services.meeting_move(meeting=meeting, starts_at=starts, minutes=data["minutes"])
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, "The session was moved.")
            return redirect("meetings:detail", code=meeting.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/meeting_time_form.html",
        {"group": meeting.group, "form": form, "meeting": meeting},
        status=status,
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, "The session was cancelled.")
            return redirect("meetings:detail", code=meeting.code)
    context = _detail_context(request, meeting, roles, cancel_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
@require_POST
def proposal_create(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, votes_in)
    form = ProposalForm(
        request.POST,
        problem_solving=services.problem_solving_permitted(meeting=meeting),
        program=meeting.group.program,
        person=roles.person,
    )
    if form.is_valid():
        try:
            services.proposal_create(meeting=meeting, person=roles.person, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, "Your proposal was added to the poll.")
            return redirect("meetings:detail", code=meeting.code)
    context = _detail_context(request, meeting, roles, proposal_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
@require_POST
def vote_cast(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, votes_in)
    form = VoteForm(request.POST, meeting=meeting)
    error = None
    if form.is_valid():
        try:
            services.vote_cast(meeting=meeting, person=roles.person, proposal=form.cleaned_data["proposal"])
        except ApplicationError as refused:
            error = refused.message
        else:
            messages.success(request, "Your vote was recorded. You may move it until the deadline.")
            return redirect("meetings:detail", code=meeting.code)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    context = _detail_context(request, meeting, roles, vote_error=error)
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
@require_POST
def focus_confirm(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    form = FocusForm(request.POST, meeting=meeting, program=meeting.group.program, person=roles.person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.focus_confirm(
                meeting=meeting,
                by=roles.person,
                proposal=data["proposal"],
                focus=data["focus"],
                title=data["title"],
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, "The session's focus is set.")
            return redirect("meetings:detail", code=meeting.code)
    context = _detail_context(request, meeting, roles, focus_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
@require_POST
def poll_deadline(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    form = PollDeadlineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        closes = services.local_datetime(program=meeting.group.program, day=data["date"], at=data["time"])
        try:
            services.poll_deadline_set(meeting=meeting, by=roles.person, closes_at=closes)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The poll's deadline was moved.")
            return redirect("meetings:detail", code=meeting.code)
    context = _detail_context(request, meeting, roles, deadline_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def case_summary(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    require(roles, writes_case_summary(roles, meeting.group, meeting))
    form = CaseSummaryForm(
        request.POST or None,
        initial={"case_summary": meeting.case_summary},
        program=meeting.group.program,
        person=roles.person,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_case_summary_set(
                meeting=meeting, by=roles.person, text=form.cleaned_data["case_summary"]
            )
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, "The case summary was saved.")
            return redirect("meetings:detail", code=meeting.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/case_summary_form.html",
        {"meeting": meeting, "group": meeting.group, "form": form},
        status=status,
    )


@login_required
@require_POST
def poll_close(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, runs)
    try:
        services.poll_close(meeting=meeting, by=roles.person)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The poll is closed. Confirm the focus below.")
    return redirect("meetings:detail", code=meeting.code)


@login_required
@require_GET
def meeting_ics(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    response = HttpResponse(
        services.meeting_calendar(meeting=meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="balint-{meeting.local_start:%Y-%m-%d}.ics"'
    return response


# --- attendance ----------------------------------------------------------------------------------


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
            mark = meeting.attendances.filter(person=person).first()
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


# --- notes ---------------------------------------------------------------------------------------


def _note_context(meeting: Meeting, roles: Roles, form: NoteForm | None = None) -> dict:
    note, conflicts = selectors.note_with_conflicts(meeting=meeting)
    if form is None:
        form = NoteForm(
            group=meeting.group,
            program=meeting.group.program,
            person=roles.person,
            initial={
                "content": note.writing_content if note else "",
                "process": note.writing_process if note else "",
                "tags": ", ".join(t.label for t in note.tags.all()) if note else "",
                "presenter": meeting.presenter.code if meeting.presenter else None,
                "base_version": note.version if note else 0,
                "form_token": secrets.token_urlsafe(24),
            },
        )
    return {
        "meeting": meeting,
        "group": meeting.group,
        "note": note,
        "conflicts": conflicts,
        "form": form,
        "labels": selectors.tag_labels(group=meeting.group),
    }


def _save_note(
    request: HttpRequest, meeting: Meeting, roles: Roles, form: NoteForm, screened: bool = True
) -> services.NoteSave:
    data = form.cleaned_data
    return services.note_save(
        meeting=meeting,
        by=roles.person,
        content=data["content"],
        process=data["process"],
        tags=services.tags_parse(data["tags"]),
        base_version=data["base_version"],
        presenter=data["presenter"],
        set_presenter="presenter" in request.POST,
        screened=screened,
        form_token=data["form_token"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    if request.method == "POST":
        form = NoteForm(request.POST, group=meeting.group, program=meeting.group.program, person=roles.person)
        if form.is_valid():
            try:
                result = _save_note(request, meeting, roles, form)
            except ApplicationError as error:
                error.add_to(form)
            else:
                if result.conflict:
                    messages.warning(
                        request,
                        "Another leader saved these notes while you were writing. Both versions are kept "
                        "below: merge what you need, save, then mark the other version as merged.",
                    )
                else:
                    messages.success(request, "The notes were saved.")
                return redirect("meetings:note", code=meeting.code)
        return render(request, "meetings/note_form.html", _note_context(meeting, roles, form), status=422)
    return render(request, "meetings/note_form.html", _note_context(meeting, roles))


@login_required
@require_POST
def note_autosave(request: HttpRequest, code: UUID) -> JsonResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    # The draft is stored (encrypted) before screening so nothing typed is lost, apart from the screened
    # notes: nothing of it leaves this form until a leader saves by hand and decides every mark.
    form = NoteDraftForm(request.POST, group=meeting.group, program=meeting.group.program)
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "errors": form.errors}, status=422)
    marks = sum(
        len(screen_for_storage(text=form.cleaned_data[name], program=meeting.group.program).spans)
        for name in NoteForm.screened_fields
        if form.cleaned_data[name]
    )
    try:
        result = _save_note(request, meeting, roles, form, screened=False)
    except ApplicationError as error:
        return JsonResponse({"status": "invalid", "message": error.message}, status=422)
    if result.conflict:
        return JsonResponse(
            {
                "status": "conflict",
                "message": "Another leader saved a newer version. Your text is kept as a separate version; "
                "reload to see both.",
                "version": result.note.version,
            },
            status=409,
        )
    saved = timezone.localtime(result.note.updated_at, meeting.group.program.zone)
    return JsonResponse(
        {"status": "saved", "version": result.note.version, "saved_at": f"{saved:%H:%M:%S}", "marks": marks}
    )


@login_required
@require_POST
def note_conflict_resolve(request: HttpRequest, code: UUID, conflict: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    item = (
        NoteConflict.objects.filter(code=conflict, note__meeting=meeting)
        .select_related("note__meeting__group")
        .first()
    )
    if item is None:
        raise Http404("No such version.")
    services.note_conflict_resolve(conflict=item, by=roles.person)
    messages.success(request, "The other version is marked as merged; its text stays on record.")
    return redirect("meetings:note", code=meeting.code)


# --- live session --------------------------------------------------------------------------------


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


# --- calendar ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.calendar_feed_create(person=person)
            messages.success(request, "Your new calendar link is ready; any earlier link stopped working.")
        elif action == "revoke":
            services.calendar_feed_revoke(person=person)
            messages.success(request, "Your calendar link no longer works.")
        else:
            messages.error(request, "Unknown action.")
            return render(request, "meetings/calendar.html", _calendar_context(request, person), status=422)
        return redirect("meetings:calendar")
    return render(request, "meetings/calendar.html", _calendar_context(request, person))


def _calendar_context(request: HttpRequest, person) -> dict:  # noqa: ANN001
    feed = person.calendar_feeds.filter(revoked_at__isnull=True).first()
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token])) if feed else None
    return {"feed": feed, "feed_url": url, "webcal_url": url.replace("http", "webcal", 1) if url else None}


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.calendar_feed_by_token(token=token)
    except ApplicationError:
        raise Http404("No such calendar feed.") from None
    response = HttpResponse(
        services.person_calendar(person=found.person), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response
