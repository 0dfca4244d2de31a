"""Template filters of the analysis workspace."""

from django import template
from django.utils.safestring import SafeString

from balint.coding.people import coder_name
from balint.coding.services.memos import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered and sanitised (nh3): no scripts, no event handlers."""
    return render_markdown(text)


@register.filter
def figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def heat(value: int, maximum: int) -> str:
    return "0" if not maximum else f"{min(1.0, value / maximum):.2f}"


@register.simple_tag(takes_context=True)
def coder(context: template.Context, person) -> str:
    """A coder, memo author or decider as the viewer may see them: by name, or the exports' pseudonym.

    Reads `roles` and `program` from the page; without roles it shows the pseudonym (fails closed).
    """
    roles = context.get("roles")
    program = context.get("program") or getattr(roles, "program", None)
    if person is None:
        return "a former member"
    if program is None:
        return "a coder"
    return coder_name(program=program, person=person, roles=roles)
