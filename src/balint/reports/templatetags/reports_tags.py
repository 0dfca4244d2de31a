from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """mapping[key], or an empty string."""
    return mapping.get(key, "")


@register.filter
def pct(value: float | None) -> str:
    """A share as a whole percentage, or a dash when there is nothing to divide."""
    return "–" if value is None else f"{round(value)}%"


@register.filter
def share(part: int, whole: int) -> str:
    """part as a whole percentage of whole."""
    return f"{round(100 * part / whole)}%" if whole else "–"
