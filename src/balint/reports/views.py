"""Dashboards (Chart.js), the printable report page, and report files built as background jobs."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.dates import day
from balint.core.errors import ApplicationError
from balint.core.jobs import job_enqueue
from balint.meetings.models import ATTENDANCE_RATE_DEFINITION
from balint.meetings.selectors import held_span
from balint.programs.access import Roles, get_group_for, get_program_for
from balint.programs.models import Group, Program
from balint.reports import access
from balint.reports.builder import Report, min_cell_for, report_build
from balint.reports.forms import RangeForm, ReportRequestForm, SettingsForm
from balint.reports.render import chartjs_specs, report_context
from balint.reports.services import report_settings_update
from balint.reports.tasks import report_task


def _default_range(program: Program, group: Group | None) -> tuple[datetime.date, datetime.date]:
    """From the first to the last held session (at most two years); the past year when none was held yet."""
    today = timezone.localdate(timezone=program.zone)
    first, last = held_span(program_id=program.pk, group=group, until=timezone.now())
    if first is None or last is None:
        return today - datetime.timedelta(days=364), today
    last_day, first_day = last.astimezone(program.zone).date(), first.astimezone(program.zone).date()
    return max(first_day, last_day - datetime.timedelta(days=730)), last_day


def _range(
    request: HttpRequest, program: Program, group: Group | None, roles: Roles
) -> tuple[RangeForm, Report | None]:
    start, end = _default_range(program, group)
    data = request.GET if "date_from" in request.GET or "date_to" in request.GET else None
    form = RangeForm(data, initial={"date_from": start, "date_to": end})
    if data is None:
        form = RangeForm({"date_from": start.isoformat(), "date_to": end.isoformat(), "granularity": ""})
    if not form.is_valid():
        return form, None
    report = report_build(
        program=program,
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        issued=timezone.localdate(timezone=program.zone),
        group=group,
        granularity=form.cleaned_data["granularity"],
        coder_names=roles.can_see_coder_names(),
    )
    return form, report


def _dashboard(request: HttpRequest, program: Program, roles: Roles, group: Group | None) -> HttpResponse:
    form, report = _range(request, program, group, roles)
    query = request.GET.urlencode() if report is not None and "date_from" in request.GET else ""
    settings_form = None
    if access.can_change_settings(roles) and group is None:
        settings_form = SettingsForm(initial={"min_cell": min_cell_for(program)})
    return render(
        request,
        "reports/dashboard.html",
        {
            "program": program,
            "group": group,
            "roles": roles,
            "form": form,
            "report": report,
            "charts": chartjs_specs(report) if report else {},
            "query": query,
            "settings_form": settings_form,
            "attendance_definition": ATTENDANCE_RATE_DEFINITION,
        },
        status=200 if report is not None else 422,
    )


@login_required
def program_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, access.can_see_program_reports)
    return _dashboard(request, program, roles, None)


@login_required
def group_dashboard(request: HttpRequest, code: UUID) -> HttpResponse:
    group, roles = get_group_for(request, code, access.can_see_group_reports)
    return _dashboard(request, group.program, roles, group)


def _scope(request: HttpRequest, slug: str) -> tuple[Program, Roles, Group | None]:
    """The program, and the group named by ?group=<code> if any; a group needs its own permission."""
    program, roles = get_program_for(request, slug, lambda r: r.is_admin or r.is_leader or r.is_analyst)
    code = request.GET.get("group", "")
    if not code:
        if not access.can_see_program_reports(roles):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return program, roles, None
    group, roles = get_group_for(request, code, access.can_see_group_reports)
    if group.program_id != program.pk:
        from django.http import Http404

        raise Http404(_("No such group in this program."))
    return program, roles, group


@login_required
def report_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a printable page (the same template as the PDF)."""
    program, roles, group = _scope(request, slug)
    form, report = _range(request, program, group, roles)
    if report is None:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_back(program, group))
    context = report_context(report, standalone=False)
    query = request.GET.urlencode()
    context["toolbar"] = {
        "back": f"{_back(program, group)}?{query}",
        "new": f"{reverse('reports:new', args=[program.slug])}?{query}",
    }
    return render(request, "reports/report.html", context)


def _back(program: Program, group: Group | None) -> str:
    return (
        reverse("reports:group", args=[group.code])
        if group
        else reverse("reports:program", args=[program.slug])
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a report file; it is built in the background and offered on the job page."""
    program, roles = get_program_for(request, slug, access.can_see_program_reports)
    if roles.is_admin or roles.is_analyst:
        groups = Group.objects.filter(program=program)
    else:
        groups = Group.objects.filter(program=program, leaders=roles.person)
    allow_roster = access.can_request_roster(roles)
    if request.method == "POST":
        form = ReportRequestForm(request.POST, program=program, groups=groups, allow_roster=allow_roster)
    else:
        start, end = _default_range(program, None)
        initial = {"date_from": start, "date_to": end, "output": "pdf"}
        for key in ("date_from", "date_to", "granularity"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        if request.GET.get("group"):
            initial["group"] = (
                groups.filter(code=request.GET["group"]).first() if _is_uuid(request.GET["group"]) else None
            )
        form = ReportRequestForm(initial=initial, program=program, groups=groups, allow_roster=allow_roster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = data.get("group")
        try:
            job = job_enqueue(
                kind="report",
                title=_("Evaluation report {value} – {value2}").format(
                    value=day(data["date_from"]), value2=day(data["date_to"])
                ),
                task=report_task,
                program=program,
                person=roles.person,
                program_code=str(program.code),
                date_from=data["date_from"].isoformat(),
                date_to=data["date_to"].isoformat(),
                issued=timezone.localdate(timezone=program.zone).isoformat(),
                group_code=str(group.code) if group else "",
                output=data["output"],
                roster=bool(data.get("roster")),
                granularity=data["granularity"],
                coder_names=roles.can_see_coder_names(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect(job.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/report_new.html", {"program": program, "form": form}, status=status)


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_POST
def settings_update(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the program's k; never below the surveys' floor."""
    program, roles = get_program_for(request, slug, access.can_change_settings)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            row = report_settings_update(program=program, min_cell=form.cleaned_data["min_cell"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Report figures counting fewer than {min_cell} people are now hidden.").format(
                    min_cell=row.min_cell
                ),
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("reports:program", slug=program.slug)
