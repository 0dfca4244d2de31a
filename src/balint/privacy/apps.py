from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "balint.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from balint.core.views import HOME_PANEL_PROVIDERS
        from balint.privacy import checks, signals  # noqa: F401  (connect receivers, register checks)
        from balint.privacy.audit import UrlAudit, audit_url_name

        HOME_PANEL_PROVIDERS.append(home_panel)
        HOME_PANEL_PROVIDERS.append(search_panel)
        # Program-level pages: who looked at the program and at whom.
        audit_url_name("programs:detail", UrlAudit(action="viewed", object_type="program"))
        audit_url_name("programs:person", UrlAudit(action="viewed", object_type="person", code_kwarg="code"))


def home_panel(request, panel) -> list:  # noqa: ANN001
    """Leaders and administrators get links to the audit trail, the screening check and two-factor sign-in."""
    roles = panel.roles
    if not (roles.is_admin or roles.is_leader):
        return []
    return [("privacy/partials/_home_privacy.html", {"show_audit": roles.is_admin})]


def search_panel(request, panel) -> list:  # noqa: ANN001
    """Leaders, analysts and administrators (whoever has encrypted text to search) get a search box."""
    from balint.privacy.program_search import search_scopes

    if not search_scopes(panel.roles):
        return []
    return [("privacy/partials/_home_search.html", {})]
