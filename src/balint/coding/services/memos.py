"""Markdown memos on a source, a theme, a coding or the whole analysis, rendered safely."""

from __future__ import annotations

import markdown
import nh3
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe

from balint.coding.models import Coding, Memo, Source, Theme
from balint.core.errors import ApplicationError
from balint.core.services import model_update, validated
from balint.programs.models import Person, Program


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with every script, handler and unknown tag removed by nh3."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, link_rel="noopener noreferrer nofollow"))  # noqa: S308 - nh3 sanitised it


@transaction.atomic
def memo_create(
    *,
    program: Program,
    author: Person,
    title: str,
    body: str,
    source: Source | None = None,
    theme: Theme | None = None,
    coding: Coding | None = None,
) -> Memo:
    """Write a memo; its target (if any) must belong to the same program."""
    for target in (source, theme):
        if target is not None and target.program_id != program.pk:
            raise ApplicationError("The memo's subject belongs to another program.")
    if coding is not None:
        if coding.source.program_id != program.pk:
            raise ApplicationError("The memo's subject belongs to another program.")
        source = source or coding.source
    memo = Memo(
        program=program,
        author=author,
        title=title.strip() or "Memo",
        body=body,
        source=source,
        theme=theme,
        coding=coding,
    )
    validated(memo)
    memo.save()
    return memo


@transaction.atomic
def memo_update(*, memo: Memo, by: Person, title: str, body: str) -> Memo:
    """Change a memo's text; only its author may."""
    if memo.author_id != by.pk:
        raise ApplicationError("Only the memo's author can change it.")
    memo, _ = model_update(
        instance=memo, data={"title": title.strip() or "Memo", "body": body}, fields=["title", "body"]
    )
    return memo


@transaction.atomic
def memo_delete(*, memo: Memo, by: Person) -> None:
    """Delete a memo; only its author may."""
    if memo.author_id != by.pk:
        raise ApplicationError("Only the memo's author can delete it.")
    memo.delete()
