"""The undo and redo buttons of a person's coding steps, for any page of the workspace."""

from django import template

from balint.coding.services import history

register = template.Library()


@register.inclusion_tag("coding/partials/_undo.html", takes_context=True)
def undo_panel(context: template.Context) -> dict:
    """The person's next undo and redo (two queries); after either the browser comes back to this page."""
    program, roles, request = context["program"], context["roles"], context["request"]
    person = roles.person
    undo, redo = history.next_labels(program=program, person=person) if person else (None, None)
    return {
        "program": program,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "undo": undo,
        "redo": redo,
    }
