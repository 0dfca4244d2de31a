from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "balint.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from balint.privacy import checks, signals  # noqa: F401  (connect receivers, register checks)
        from balint.privacy.audit import UrlAudit, audit_url_name

        # Program-level pages: who looked at the program and at whom.
        audit_url_name("programs:detail", UrlAudit(action="viewed", object_type="program"))
        audit_url_name("programs:person", UrlAudit(action="viewed", object_type="person", code_kwarg="code"))
