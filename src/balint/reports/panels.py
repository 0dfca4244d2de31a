"""Home-page card: the way to the dashboards and the evaluation report, for those who may see them."""

from django.http import HttpRequest

from balint.programs.models import Group
from balint.reports import access


def home_panels(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """One card for administrators, leaders and analysts (one query); nothing for anyone else."""
    roles, program = panel.roles, panel.program
    if roles.person is None or not access.can_see_program_reports(roles):
        return []
    groups = Group.objects.filter(program=program).order_by("name")
    if not (roles.is_admin or roles.is_analyst):
        groups = groups.filter(leaders=roles.person)
    groups = list(groups)
    context = {"program": program, "groups": groups, "groups_key": [(g.code, g.name) for g in groups]}
    return [("reports/partials/_home_reports.html", context)]
