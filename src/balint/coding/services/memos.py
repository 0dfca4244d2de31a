"""Markdown memos on a source, a theme, a coding or the whole analysis, rendered safely, and their links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import markdown
import nh3
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from balint.coding.models import AnalysisRound, Coding, Memo, MemoLink, Source, Theme
from balint.coding.spans import span_check
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
    links: MemoLinks | None = None,
) -> Memo:
    """Write a memo with its links; its target and every link must belong to the same program."""
    for target in (source, theme):
        if target is not None and target.program_id != program.pk:
            raise ApplicationError(_("The memo's subject belongs to another program."))
    if coding is not None:
        if coding.source.program_id != program.pk:
            raise ApplicationError(_("The memo's subject belongs to another program."))
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
    if links is not None:
        memo_links_set(memo=memo, by=author, links=links)
    return memo


@transaction.atomic
def memo_update(*, memo: Memo, by: Person, title: str, body: str) -> Memo:
    """Change a memo's text; only its author may."""
    if memo.author_id != by.pk:
        raise ApplicationError(_("Only the memo's author can change it."))
    memo, _changed = model_update(
        instance=memo, data={"title": title.strip() or "Memo", "body": body}, fields=["title", "body"]
    )
    return memo


@transaction.atomic
def memo_delete(*, memo: Memo, by: Person) -> None:
    """Delete a memo; only its author may."""
    if memo.author_id != by.pk:
        raise ApplicationError(_("Only the memo's author can delete it."))
    memo.delete()


@dataclass(frozen=True)
class MemoLinks:
    """Everything a memo is linked to; a passage is (source, start, end) in code points of its text."""

    memos: Sequence[Memo] = ()
    sources: Sequence[Source] = ()
    passages: Sequence[tuple[Source, int, int]] = ()
    themes: Sequence[Theme] = ()
    codings: Sequence[Coding] = ()
    rounds: Sequence[AnalysisRound] = ()


def _key(link: MemoLink) -> tuple:
    return (
        link.kind,
        link.to_memo_id,
        link.source_id,
        link.start,
        link.end,
        link.theme_id,
        link.coding_id,
        link.analysis_round_id,
    )


def _link_rows(memo: Memo, links: MemoLinks) -> list[MemoLink]:
    program_id = memo.program_id
    rows: list[MemoLink] = []
    for other in links.memos:
        if other.program_id != program_id:
            raise ApplicationError(_("A linked memo belongs to another program."), extra={"field": "memos"})
        if other.pk == memo.pk:
            raise ApplicationError(_("A memo cannot link to itself."), extra={"field": "memos"})
        rows.append(MemoLink(memo=memo, kind=MemoLink.Kind.MEMO, to_memo=other))
    for source in links.sources:
        if source.program_id != program_id:
            raise ApplicationError(
                _("A linked source belongs to another program."), extra={"field": "sources"}
            )
        rows.append(MemoLink(memo=memo, kind=MemoLink.Kind.SOURCE, source=source))
    for source, start, end in links.passages:
        if source.program_id != program_id:
            raise ApplicationError(
                _("A linked passage belongs to another program."), extra={"field": "passages"}
            )
        quote = span_check(text=source.text, start=start, end=end)
        rows.append(
            MemoLink(memo=memo, kind=MemoLink.Kind.PASSAGE, source=source, start=start, end=end, quote=quote)
        )
    for theme in links.themes:
        if theme.program_id != program_id:
            raise ApplicationError(_("A linked theme belongs to another program."), extra={"field": "themes"})
        rows.append(MemoLink(memo=memo, kind=MemoLink.Kind.THEME, theme=theme))
    for coding in links.codings:
        if coding.source.program_id != program_id:
            raise ApplicationError(
                _("A linked coding belongs to another program."), extra={"field": "codings"}
            )
        rows.append(MemoLink(memo=memo, kind=MemoLink.Kind.CODING, coding=coding, source=coding.source))
    for analysis_round in links.rounds:
        if analysis_round.program_id != program_id:
            raise ApplicationError(_("A linked round belongs to another program."), extra={"field": "rounds"})
        rows.append(MemoLink(memo=memo, kind=MemoLink.Kind.ROUND, analysis_round=analysis_round))
    # The same subject twice is one link.
    unique: dict[tuple, MemoLink] = {}
    for row in rows:
        unique.setdefault(_key(row), row)
    return list(unique.values())


@transaction.atomic
def memo_links_set(*, memo: Memo, by: Person, links: MemoLinks) -> list[MemoLink]:
    """Make `links` exactly what the memo is linked to; only its author may, within the memo's program."""
    if memo.author_id != by.pk:
        raise ApplicationError(_("Only the memo's author can change its links."))
    rows = _link_rows(memo, links)
    memo.links.all().delete()
    for row in rows:
        validated(row)
    MemoLink.objects.bulk_create(rows)
    return rows


@transaction.atomic
def memo_link_add(*, memo: Memo, by: Person, links: MemoLinks) -> list[MemoLink]:
    """Add links to a memo, keeping those it has; a link it already has is not added twice."""
    if memo.author_id != by.pk:
        raise ApplicationError(_("Only the memo's author can change its links."))
    have = {_key(link) for link in memo.links.all()}
    rows = [row for row in _link_rows(memo, links) if _key(row) not in have]
    for row in rows:
        validated(row)
    MemoLink.objects.bulk_create(rows)
    return rows
