from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> str:
    """Look a key up in a dict from a template; "" when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def percent(value: float | None) -> str:
    """A share in [0, 1] as a whole percentage ("–" when unknown)."""
    if value is None or value == "":
        return "–"
    return f"{round(float(value) * 100)} %"
