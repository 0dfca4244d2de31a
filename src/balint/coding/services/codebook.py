"""The codebook: categories, themes, their hierarchy, merging and splitting without losing codings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from balint.coding.models import Category, Coding, Theme
from balint.coding.starter import STARTER, category_key, category_names, program_language
from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.models import Program

# Colours a theme made on the coding page gets, least used first (the codebook form lets people choose).
THEME_COLOURS = (
    "#e76f51",
    "#2a9d8f",
    "#e9c46a",
    "#8ecae6",
    "#b56576",
    "#57cc99",
    "#f4a261",
    "#6d597a",
    "#ff8fab",
    "#355070",
    "#a3b18a",
    "#bc6c25",
)
THEME_FIELDS = ["name", "definition", "inclusion", "exclusion", "example", "colour", "category", "parent"]
MAX_CATEGORIES = 40


def categories_ensure(*, program: Program) -> list[Category]:
    """The program's categories, creating the default list (in the program's language) the first time."""
    categories = list(Category.objects.filter(program=program))
    if not categories:
        Category.objects.bulk_create(
            [
                Category(program=program, name=name, position=i)
                for i, name in enumerate(category_names(program))
            ],
            ignore_conflicts=True,
        )
        categories = list(Category.objects.filter(program=program))
    return categories


@transaction.atomic
def categories_set(*, program: Program, names: Iterable[str]) -> list[Category]:
    """Make the program's category list exactly `names`, in order; a category in use is never removed."""
    wanted = list(dict.fromkeys(n.strip()[:80] for n in names if n.strip()))
    if not wanted:
        raise ApplicationError(_("Keep at least one category."), extra={"field": "names"})
    if len(wanted) > MAX_CATEGORIES:
        raise ApplicationError(
            _("Keep at most {MAX_CATEGORIES} categories.").format(MAX_CATEGORIES=MAX_CATEGORIES),
            extra={"field": "names"},
        )
    existing = {c.name: c for c in categories_ensure(program=program)}
    leaving = [c for name, c in existing.items() if name not in wanted]
    used = sorted(c.name for c in leaving if c.themes.exists())
    if used:
        raise ApplicationError(
            _("Categories still used by themes cannot be removed: {value}.").format(value=", ".join(used)),
            extra={"field": "names"},
        )
    for category in leaving:
        category.delete()
    for position, name in enumerate(wanted):
        category = existing.get(name) or Category(program=program, name=name)
        category.position = position
        category.save()
    return list(Category.objects.filter(program=program))


def _check_parent(*, theme: Theme | None, parent: Theme | None, program: Program) -> None:
    if parent is None:
        return
    if parent.program_id != program.pk or not parent.active:
        raise ApplicationError(
            _("The parent theme is not an active theme of this codebook."), extra={"field": "parent"}
        )
    ancestor: Theme | None = parent
    seen = set()
    while ancestor is not None and ancestor.pk not in seen:
        if theme is not None and ancestor.pk == theme.pk:
            raise ApplicationError(
                _("A theme cannot sit under itself or its own sub-theme."), extra={"field": "parent"}
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def _check_category(category: Any, program: Program) -> None:
    if category is not None and category.program_id != program.pk:
        raise ApplicationError(_("The category belongs to another program."), extra={"field": "category"})


@transaction.atomic
def theme_create(*, program: Program, name: str, parent: Theme | None = None, **fields: Any) -> Theme:
    """Add a theme to the codebook; names are unique among active themes."""
    _check_parent(theme=None, parent=parent, program=program)
    _check_category(fields.get("category"), program)
    if Theme.objects.filter(program=program, name=name.strip(), active=True).exists():
        raise ApplicationError(
            _("There is already a theme called “{value}”.").format(value=name.strip()),
            extra={"field": "name"},
        )
    position = (Theme.objects.filter(program=program).aggregate(m=Max("position"))["m"] or 0) + 1
    theme = Theme(program=program, name=name.strip(), parent=parent, position=position, **fields)
    validated(theme)
    theme.save()
    return theme


def next_colour(*, program: Program) -> str:
    """The first of THEME_COLOURS that the program's active themes use least, so a new theme stands out."""
    colours = Theme.objects.filter(program=program, active=True).values_list("colour", flat=True)
    used = Counter(colour.lower() for colour in colours)
    return min(THEME_COLOURS, key=lambda colour: used[colour])  # min keeps the first of equals


@transaction.atomic
def theme_add(*, program: Program, name: str, parent: Theme | None = None) -> Theme:
    """A theme made while coding (the coding page's "new theme"): a name and a place in the tree; the
    default categories are stored with it as with the codebook form, and it gets the least used colour."""
    categories_ensure(program=program)
    return theme_create(program=program, name=name, parent=parent, colour=next_colour(program=program))


@transaction.atomic
def theme_update(*, theme: Theme, data: dict[str, Any]) -> Theme:
    """Change a theme's fields or move it under another parent (never under its own sub-theme)."""
    if not theme.active:
        raise ApplicationError(_("This theme was merged into another and can no longer change."))
    if "parent" in data:
        _check_parent(theme=theme, parent=data["parent"], program=theme.program)
    _check_category(data.get("category"), theme.program)
    name = data.get("name", theme.name).strip()
    if Theme.objects.filter(program=theme.program, name=name, active=True).exclude(pk=theme.pk).exists():
        raise ApplicationError(
            _("There is already a theme called “{name}”.").format(name=name), extra={"field": "name"}
        )
    data = {**data, "name": name}
    theme, _changed = model_update(instance=theme, data=data, fields=THEME_FIELDS)
    return theme


@transaction.atomic
def theme_merge(*, theme: Theme, into: Theme) -> int:
    """Move every coding and sub-theme of `theme` to `into` and retire `theme`; returns codings moved.

    A coding that would duplicate one `into` already has (same coder, same span) is dropped, because the
    target already records exactly that decision; every other coding keeps its coder, time and span.
    """
    if theme.pk == into.pk:
        raise ApplicationError(_("Choose another theme to merge into."), extra={"field": "into"})
    if into.program_id != theme.program_id or not into.active or not theme.active:
        raise ApplicationError(
            _("Both themes must be active themes of the same codebook."), extra={"field": "into"}
        )
    _check_parent(theme=theme, parent=into, program=theme.program)  # `into` must not be under `theme`
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    existing = set(Coding.objects.filter(theme=into).values_list("source_id", "coder_id", "start", "end"))
    moving = list(Coding.objects.filter(theme=theme))
    duplicates = [c.pk for c in moving if (c.source_id, c.coder_id, c.start, c.end) in existing]
    if duplicates:
        Coding.objects.filter(pk__in=duplicates).delete()
    moved = Coding.objects.filter(theme=theme).update(theme=into)
    Theme.objects.filter(parent=theme, active=True).update(parent=into)
    theme.active = False
    theme.merged_into = into
    theme.save(update_fields=["active", "merged_into", "updated_at"])
    return moved


@transaction.atomic
def theme_split(
    *, theme: Theme, name: str, codings: Iterable[Coding], as_child: bool = False, **fields: Any
) -> Theme:
    """Create a new theme and move the chosen codings of `theme` to it; the others stay where they were."""
    chosen = [c.pk for c in codings]
    if not chosen:
        raise ApplicationError(
            _("Choose at least one coding to move to the new theme."), extra={"field": "codings"}
        )
    if Coding.objects.filter(pk__in=chosen).exclude(theme=theme).exists():
        raise ApplicationError(_("Only this theme's codings can be split off."), extra={"field": "codings"})
    fields.setdefault("category", theme.category)
    new = theme_create(program=theme.program, name=name, parent=theme if as_child else theme.parent, **fields)
    Coding.objects.filter(pk__in=chosen).update(theme=new)
    return new


def theme_tree(themes: Iterable[Theme]) -> list[tuple[Theme, int]]:
    """Order themes depth-first under their parents; returns (theme, depth) pairs."""
    themes = list(themes)
    children: dict[int | None, list[Theme]] = {}
    ids = {t.pk for t in themes}
    for t in themes:
        children.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)
    ordered: list[tuple[Theme, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for child in children.get(parent, []):
            ordered.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return ordered


@transaction.atomic
def codebook_starter_create(*, program: Program) -> list[Theme]:
    """Add the starter themes (coding.starter) in the program's language; a theme existing by name is kept."""
    categories = {category_key(c.name): c for c in categories_ensure(program=program)}
    created: list[Theme] = []

    def add(rows: list[tuple], parent: Theme | None) -> None:
        for lazy_name, category, colour, lazy_definition, children in rows:
            name, definition = str(lazy_name), str(lazy_definition)
            theme = Theme.objects.filter(program=program, name=name, active=True).first()
            if theme is None:
                try:
                    with transaction.atomic():
                        theme = theme_create(
                            program=program,
                            name=name,
                            parent=parent,
                            colour=colour,
                            definition=definition,
                            category=categories.get(category) or categories.get("Other"),
                        )
                except (ApplicationError, IntegrityError):
                    continue
                created.append(theme)
            add(children, theme)

    with translation.override(program_language(program)):
        add(STARTER, None)
    return created
