from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site's own pages above the domain apps: home, navigation, job pages, program search, the demo."""

    name = "balint.site"
    label = "site"
    verbose_name = "Site"
