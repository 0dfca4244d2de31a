from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "balint.studies"
    label = "studies"
    verbose_name = "Multi-site studies"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS

        if home_panel not in HOME_PANEL_PROVIDERS:
            HOME_PANEL_PROVIDERS.append(home_panel)


def home_panel(request, panel) -> list:  # noqa: ANN001
    """A program's administrators: the studies it takes part in; a study's workspace: a link to the study."""
    from balint.studies.models import Study, StudyMember

    if panel.roles.can_analyse_study():
        study = Study.objects.filter(workspace=panel.program).first()
        if study is not None:
            return [("studies/partials/_home_workspace.html", {"study": study})]
    if not panel.roles.can_join_studies():
        return []
    live = StudyMember.objects.filter(program=panel.program, withdrawn_at__isnull=True).count()
    return [("studies/partials/_home_panel.html", {"program": panel.program, "studies": live})]
