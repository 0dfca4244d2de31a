"""Tags every page uses."""

from django import template

from balint.site.script_catalog import catalog_url

register = template.Library()


@register.simple_tag
def script_catalog_url() -> str:
    """The address of the scripts' messages in the page's language (`balint.site.script_catalog`)."""
    return catalog_url()
