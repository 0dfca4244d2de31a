"""The home-page panels of studies."""

from django.http import HttpRequest

from balint.studies.models import Study, StudyMember


def home_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """A program's administrators: the studies it takes part in; a study's workspace: a link to the study."""
    if panel.roles.can_analyse_study():
        study = Study.objects.filter(workspace=panel.program).first()
        if study is not None:
            return [("studies/partials/_home_workspace.html", {"study": study})]
    if not panel.roles.can_join_studies():
        return []
    live = StudyMember.objects.filter(program=panel.program, withdrawn_at__isnull=True).count()
    return [("studies/partials/_home_panel.html", {"program": panel.program, "studies": live})]
