"""The home page (what each role needs first) and the health check."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from balint.meetings.selectors import upcoming_meetings
from balint.programs import selectors
from balint.programs.access import Roles, person_for, program_list_for, roles_for
from balint.programs.models import Program
from balint.site.panels import HOME_PANEL_PROVIDERS


@dataclass
class ProgramPanel:
    """One program's part of the home page, filled according to the person's roles there."""

    program: Program
    roles: Roles
    led_groups: list = field(default_factory=list)
    led_groups_key: list = field(default_factory=list)
    member_groups: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    overview: selectors.ProgramOverview | None = None
    extra_panels: list = field(default_factory=list)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_for(request.user)
    panels = []
    for program in program_list_for(request.user):
        roles = roles_for(request.user, program)
        panel = ProgramPanel(program=program, roles=roles)
        if roles.is_leader and person:
            panel.led_groups = list(selectors.groups_led_by(person=person).filter(program=program))
            panel.led_groups_key = [(g.code, g.name) for g in panel.led_groups]
            panel.upcoming = upcoming_meetings(groups=panel.led_groups, limit=3)
        if roles.is_resident and person:
            panel.member_groups = list(selectors.groups_of_member(person=person).filter(program=program))
            # this program's groups only, the ones the person sits in or leads, already in hand
            panel.upcoming = upcoming_meetings(groups=[*panel.led_groups, *panel.member_groups], limit=6)
        if roles.is_admin:
            panel.overview = selectors.program_overview(program=program)
        for provider in HOME_PANEL_PROVIDERS:
            panel.extra_panels.extend(provider(request, panel))
        panels.append(panel)
    return render(request, "site/home.html", {"person": person, "panels": panels})


def healthz(request: HttpRequest) -> JsonResponse:
    """For the proxy and the load harness: the process answers and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
