"""Template filters of the analysis workspace."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag
def timeline_rows(themes: list[dict]) -> SafeString:
    """The body of the table of codings per theme per month, written out here rather than cell by cell in
    the template language (hundreds of cells on every view of the page)."""
    return mark_safe(  # noqa: S308 (the name is escaped; the counts are integers)
        "".join(
            f'<tr><th class="row">{escape(row["name"])}</th>'
            + "".join(f"<td>{int(n)}</td>" for n in row["counts"])
            + "</tr>"
            for row in themes
        )
    )


@register.simple_tag
def cooccurrence_rows(rows: list, maximum: int) -> SafeString:
    """The body of the co-occurrence table: each theme numbered, its codings on the diagonal, every other
    cell with its share of the largest count for the heat map (`heat`)."""
    html = []
    for number, (theme, counts) in enumerate(rows, start=1):
        html.append(
            f'<tr><th class="row" scope="row"><span class="number" aria-hidden="true">{number}</span> '
            f'<span class="swatch" data-colour="{escape(theme.colour)}"></span>{escape(theme.name)}</th>'
        )
        html.extend(
            f'<td class="diagonal">{int(n)}</td>'
            if column == number
            else f'<td data-heat="{heat(n, maximum)}">{int(n)}</td>'
            for column, n in enumerate(counts, start=1)
        )
        html.append("</tr>")
    return mark_safe("".join(html))  # noqa: S308 (names and colours are escaped; the counts are integers)


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
