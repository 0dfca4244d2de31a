"""The analysis menu: which of its sections the page belongs to, so the menu can say where you are."""

from django import template

register = template.Library()

# URL names of the coding app (and the apps that extend the workspace) by the menu section they belong to.
SECTIONS = {
    "workspace": {"coding:workspace"},
    "sources": {"coding:sources", "coding:source", "coding:source_import", "insights:source"},
    "search": {"coding:search"},
    "codebook": {
        "coding:codebook",
        "coding:categories",
        "coding:theme",
        "coding:theme_create",
        "coding:theme_edit",
        "coding:theme_merge",
        "coding:theme_split",
    },
    "memos": {"coding:memos", "coding:memo_create", "coding:memo_edit"},
    "rounds": {"coding:rounds", "coding:round", "coding:round_compare"},
    "agreement": {"coding:agreement"},
    "views": {"coding:views"},
    "attributes": {"coding:attributes", "coding:attribute_create", "coding:attribute_values"},
    "matrix": {"coding:matrix", "coding:matrix_quotes"},
    "quotes": {"coding:quotes"},
    "history": {"coding:history"},
    "exchange": set(),
    "assistance": {"insights:assistance"},
}


@register.simple_tag(takes_context=True)
def analysis_section(context: template.Context) -> str:
    """The menu section of the page being shown, or "" when it is none of them."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if name.startswith("exchange:"):
        return "exchange"
    return next((section for section, names in SECTIONS.items() if name in names), "")
