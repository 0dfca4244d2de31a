"""Reading memos: the filtered memo list with each memo's links, and memo export (Markdown and DOCX).

What a reader may see decides what is listed: a memo at home in a source they may not see is not listed,
and a link into such a source (or to such a memo) is left out of the memo they do see.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from balint.coding.models import AnalysisRound, Memo, MemoLink, Source, Theme
from balint.core.dates import day, moment
from balint.privacy.search import fold, query_words
from balint.programs.models import Person, Program

ABOUT_ANALYSIS = "analysis"
ABOUT_CHOICES = [
    ("", gettext_lazy("Anything")),
    (ABOUT_ANALYSIS, gettext_lazy("The whole analysis (no subject)")),
    *MemoLink.Kind.choices,
]


@dataclass(frozen=True)
class MemoFilters:
    """What the memo list is narrowed to; every field empty lists every memo the reader may see."""

    words: str = ""
    mine: bool = False
    about: str = ""
    theme: Theme | None = None
    source: Source | None = None
    analysis_round: AnalysisRound | None = None
    linked_to: Memo | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.words
            or self.mine
            or self.about
            or self.theme
            or self.source
            or self.analysis_round
            or self.linked_to
        )


@dataclass
class MemoRow:
    """A memo as listed: the memo, its links the reader may see, and the memos that link to it."""

    memo: Memo
    links: list[MemoLink] = field(default_factory=list)
    linked_from: list[Memo] = field(default_factory=list)


def _visible_links(sources: QuerySet[Source]) -> Q:
    visible = sources.values("pk")
    return (Q(source__isnull=True) | Q(source__in=visible)) & (
        Q(to_memo__isnull=True) | Q(to_memo__source__isnull=True) | Q(to_memo__source__in=visible)
    )


def _about(memos: QuerySet[Memo], about: str) -> QuerySet[Memo]:
    if about == ABOUT_ANALYSIS:
        return memos.filter(source__isnull=True, theme__isnull=True, coding__isnull=True, links__isnull=True)
    home = {
        MemoLink.Kind.SOURCE: Q(source__isnull=False, coding__isnull=True),
        MemoLink.Kind.THEME: Q(theme__isnull=False),
        MemoLink.Kind.CODING: Q(coding__isnull=False),
    }.get(about, Q(pk__in=[]))
    return memos.filter(home | Q(pk__in=MemoLink.objects.filter(kind=about).values("memo")))


def memo_rows(
    *, program: Program, sources: QuerySet[Source], person: Person | None, filters: MemoFilters
) -> list[MemoRow]:
    """The memos a reader may see, narrowed by `filters`, newest first, in a fixed number of queries."""
    visible = sources.values("pk")
    memos = Memo.objects.filter(program=program).filter(Q(source__isnull=True) | Q(source__in=visible))
    if filters.mine:
        memos = memos.filter(author=person)
    if filters.about in {value for value, _ in ABOUT_CHOICES if value}:
        memos = _about(memos, filters.about)
    if filters.theme is not None:
        memos = memos.filter(
            Q(theme=filters.theme)
            | Q(coding__theme=filters.theme)
            | Q(
                pk__in=MemoLink.objects.filter(
                    Q(theme=filters.theme) | Q(coding__theme=filters.theme)
                ).values("memo")
            )
        )
    if filters.source is not None:
        memos = memos.filter(
            Q(source=filters.source) | Q(pk__in=MemoLink.objects.filter(source=filters.source).values("memo"))
        )
    if filters.analysis_round is not None:
        memos = memos.filter(
            pk__in=MemoLink.objects.filter(analysis_round=filters.analysis_round).values("memo")
        )
    if filters.linked_to is not None:
        target = filters.linked_to.pk
        memos = memos.filter(
            Q(pk__in=MemoLink.objects.filter(to_memo_id=target).values("memo"))
            | Q(pk__in=MemoLink.objects.filter(memo_id=target, kind=MemoLink.Kind.MEMO).values("to_memo"))
        )
    links = MemoLink.objects.filter(_visible_links(sources)).select_related(
        "to_memo", "source", "theme", "coding__theme", "analysis_round"
    )
    linked_from = (
        MemoLink.objects.filter(kind=MemoLink.Kind.MEMO)
        .filter(Q(memo__source__isnull=True) | Q(memo__source__in=visible))
        .select_related("memo")
    )
    memos = memos.select_related("author", "source", "theme", "coding__theme").prefetch_related(
        Prefetch("links", queryset=links, to_attr="visible_links"),
        Prefetch("linked_from", queryset=linked_from, to_attr="visible_linked_from"),
    )
    rows = [
        MemoRow(
            memo=memo, links=memo.visible_links, linked_from=[link.memo for link in memo.visible_linked_from]
        )
        for memo in memos.distinct()
    ]
    words = query_words(filters.words)
    if words:
        rows = [row for row in rows if all(w in fold(f"{row.memo.title}\n{row.memo.body}") for w in words)]
    return rows


def link_label(link: MemoLink) -> str:
    """A link in words, as the list and the exports show it."""
    if link.kind == MemoLink.Kind.MEMO:
        return _("Memo “{title}”").format(title=link.to_memo.title)
    if link.kind == MemoLink.Kind.SOURCE:
        return _("Source “{title}”").format(title=link.source.title)
    if link.kind == MemoLink.Kind.PASSAGE:
        quote = link.quote if len(link.quote) <= 160 else f"{link.quote[:160]}…"
        return _("Passage of “{title}”: “{quote}”").format(title=link.source.title, quote=quote)
    if link.kind == MemoLink.Kind.THEME:
        return _("Theme “{name}”").format(name=link.theme.name)
    if link.kind == MemoLink.Kind.CODING:
        return _("Coding “{theme}” in “{title}”").format(
            theme=link.coding.theme.name, title=link.source.title
        )
    return _("Analysis round {number}").format(number=link.analysis_round.number)


def home_label(memo: Memo) -> str:
    """Where the memo was written, in words."""
    if memo.coding_id:
        return _("Coding “{theme}” in “{title}”").format(
            theme=memo.coding.theme.name, title=memo.source.title
        )
    parts = []
    if memo.source_id:
        parts.append(_("Source “{title}”").format(title=memo.source.title))
    if memo.theme_id:
        parts.append(_("Theme “{name}”").format(name=memo.theme.name))
    return " · ".join(parts) or _("The whole analysis")


# ---- export ----------------------------------------------------------------------------------------------


def _exported(count: int) -> str:
    return ngettext("Exported {day}, {count} memo.", "Exported {day}, {count} memos.", count).format(
        day=day(timezone.localdate()), count=count
    )


def memos_markdown(*, program: Program, rows: list[MemoRow], author_name) -> str:
    """The memos as one Markdown document: a heading per memo, what it is about, then its own Markdown."""
    lines = [
        "# " + _("Memos · {program}").format(program=program.name),
        "",
        _exported(len(rows)),
        "",
    ]
    for row in rows:
        memo = row.memo
        lines += [f"## {memo.title}", ""]
        lines.append(f"*{author_name(memo.author)} · {moment(memo.updated_at)}*  ")
        lines.append(_("About: {home}").format(home=home_label(memo)))
        for link in row.links:
            lines.append("- " + _("Linked to: {link}").format(link=link_label(link)))
        for other in row.linked_from:
            lines.append("- " + _("Linked from: Memo “{title}”").format(title=other.title))
        lines += ["", memo.body.strip(), ""]
    return "\n".join(lines)


def memos_docx(*, program: Program, rows: list[MemoRow], author_name) -> bytes:
    """The memos as a Word document: a heading per memo, a line of what it is about, its links, its text."""
    from docx import Document  # imported here: only exports need python-docx

    document = Document()
    document.add_heading(_("Memos · {program}").format(program=program.name), level=0)
    document.add_paragraph(_exported(len(rows)))
    for row in rows:
        memo = row.memo
        document.add_heading(memo.title, level=1)
        meta = document.add_paragraph()
        meta.add_run(
            f"{author_name(memo.author)} · {moment(memo.updated_at)} · "
            + _("About: {home}").format(home=home_label(memo))
        ).italic = True
        for link in row.links:
            document.add_paragraph(_("Linked to: {link}").format(link=link_label(link)), style="List Bullet")
        for other in row.linked_from:
            document.add_paragraph(
                _("Linked from: Memo “{title}”").format(title=other.title), style="List Bullet"
            )
        # The memo's Markdown as plain paragraphs: Word readers see the text as written.
        for paragraph in memo.body.strip().split("\n\n"):
            document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
