"""One session: its page, moving or cancelling it, the focus poll and the case summary."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import get_meeting_for, runs, votes_in, writes_case_summary
from balint.meetings.forms import (
    CancelForm,
    CaseSummaryForm,
    FocusForm,
    MeetingTimeForm,
    PollDeadlineForm,
    ProposalForm,
    VoteForm,
)
from balint.meetings.models import Meeting
from balint.programs.access import Roles, require


def _detail_context(request: HttpRequest, meeting: Meeting, roles: Roles, **forms) -> dict:
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
        context["attendances"] = selectors.attendances_of(meeting=meeting)
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
            messages.success(request, _("The session was moved."))
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
            messages.success(request, _("The session was cancelled."))
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
            messages.success(request, _("Your proposal was added to the poll."))
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
            messages.success(request, _("Your vote was recorded. You may move it until the deadline."))
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
            messages.success(request, _("The session's focus is set."))
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
            messages.success(request, _("The poll's deadline was moved."))
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
            messages.success(request, _("The case summary was saved."))
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
        messages.success(request, _("The poll is closed. Confirm the focus below."))
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
