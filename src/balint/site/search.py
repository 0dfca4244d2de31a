"""Search a program's encrypted free text for the signed-in person, over only what they may already read.

Each kind of text has its own scope, taken from the owning app's access rules: session notes and case
summaries of the groups the person leads (`Roles.can_read_notes`), the analysis sources and memos of
the coding workspace (`balint.coding.access.visible_sources`), and approved survey transcripts of the
groups whose results the person may see (`Roles.can_see_survey_results`), only once a survey has
enough answers to show results. Raw survey answers are never searched: only the transcriber reads them.

Each owning app's selector gives the rows (`meetings.selectors.notes_for_search`, ...); they are
decrypted and matched in Python (`balint.privacy.search.search_decrypted`); each kind costs one
query however many rows it holds, and the page shows at most `CAP` hits of each.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.coding.access import visible_sources
from balint.coding.models import Memo, Source
from balint.coding.selectors import memos_for
from balint.meetings.models import Meeting, MeetingNote
from balint.meetings.selectors import case_summaries_for_search, notes_for_search
from balint.privacy.search import fold, query_words, search_decrypted
from balint.programs.access import Roles
from balint.programs.models import Group
from balint.surveys.models import Transcript
from balint.surveys.selectors import transcripts_for_search

QUERY_MIN = 2
QUERY_MAX = 200
CAP = 50  # hits shown per kind; the rest are counted
BEFORE, AFTER = 60, 140  # characters of context around the first match


@dataclass(frozen=True)
class Snippet:
    """A short excerpt around the first match, in three pieces so the template escapes each one."""

    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    snippet: Snippet
    date: datetime.date | None = None
    group: str = ""
    context: str = ""  # which field or what the text belongs to, e.g. "Process notes"


@dataclass
class KindResults:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


@dataclass
class SearchResults:
    scopes: list[str]
    kinds: list[KindResults]

    @property
    def total(self) -> int:
        return sum(kind.total for kind in self.kinds)

    @property
    def audit_detail(self) -> str:
        """Counts per kind, for the audit trail; never the query, which may hold a patient's name."""
        counts = ", ".join(f"{kind.label.lower()} {kind.total}" for kind in self.kinds)
        return f"found {counts}" if counts else "nothing searchable for this role"


# --- scopes ----------------------------------------------------------------------------------------


def _led_groups(roles: Roles) -> QuerySet[Group]:
    """The groups whose notes `Roles.can_read_notes` opens to this person (those they lead), in one query."""
    if not _leads_any(roles):
        return Group.objects.none()
    return Group.objects.filter(program=roles.program, leaders=roles.person)


def _result_groups(roles: Roles) -> QuerySet[Group]:
    """The groups whose survey results `Roles.can_see_survey_results` opens to this person."""
    if roles.is_admin or roles.is_analyst:
        return Group.objects.filter(program=roles.program)
    return _led_groups(roles)


def _source_scope(roles: Roles) -> str:
    parts = []
    if _leads_any(roles):
        parts.append("of the groups you lead and those tied to no group")
    if roles.is_analyst:
        parts.append("marked de-identified")
    return "analysis sources " + " and ".join(parts)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    applies: Callable[[Roles], bool]
    scope: Callable[[Roles], str]
    rows: Callable[[Roles], QuerySet]
    fields: tuple[str, ...]
    hit: Callable[[Any, Snippet, str, Roles], Hit]


def _notes(roles: Roles) -> QuerySet[MeetingNote]:
    return notes_for_search(groups=_led_groups(roles))


def _summaries(roles: Roles) -> QuerySet[Meeting]:
    return case_summaries_for_search(groups=_led_groups(roles))


def _sources(roles: Roles) -> QuerySet[Source]:
    return (
        visible_sources(roles)
        .select_related("group")
        .only("code", "kind", "title", "date", "text", "group__name")
        .order_by(F("date").desc(nulls_last=True), "title", "pk")
    )


def _memos(roles: Roles) -> QuerySet[Memo]:
    return (
        memos_for(program=roles.program, sources=visible_sources(roles))
        .select_related(None)
        .only("code", "title", "body", "updated_at", "source", "theme", "coding")
        .order_by("-updated_at", "pk")
    )


def _transcripts(roles: Roles) -> QuerySet[Transcript]:
    # Like the results page: nothing of a survey until it has its threshold of answers.
    return transcripts_for_search(groups=_result_groups(roles))


def _local_date(moment: datetime.datetime, roles: Roles) -> datetime.date:
    return timezone.localtime(moment, roles.program.zone).date()


def _note_hit(note: MeetingNote, snippet: Snippet, found_in: str, roles: Roles) -> Hit:
    meeting = note.meeting
    return Hit(
        title=meeting.focus_title or _("Session notes"),
        url=reverse("meetings:note", args=[meeting.code]),
        snippet=snippet,
        date=_local_date(meeting.starts_at, roles),
        group=meeting.group.name,
        context={"content": _("Content notes"), "process": _("Process notes")}[found_in],
    )


def _summary_hit(meeting: Meeting, snippet: Snippet, found_in: str, roles: Roles) -> Hit:
    return Hit(
        title=meeting.focus_title or _("Case summary"),
        url=reverse("meetings:detail", args=[meeting.code]),
        snippet=snippet,
        date=_local_date(meeting.starts_at, roles),
        group=meeting.group.name,
    )


def _source_hit(source: Source, snippet: Snippet, found_in: str, roles: Roles) -> Hit:
    return Hit(
        title=source.title,
        url=reverse("coding:source", args=[source.code]),
        snippet=snippet,
        date=source.date,
        group=source.group.name if source.group_id else "",
        context=source.get_kind_display(),
    )


def _memo_hit(memo: Memo, snippet: Snippet, found_in: str, roles: Roles) -> Hit:
    return Hit(
        title=memo.title,
        url=reverse("coding:memos", args=[roles.program.slug]) + f"#memo-{memo.code}",
        snippet=snippet,
        date=_local_date(memo.updated_at, roles),
        context=f"Memo on: {memo.target_label.lower()}",
    )


def _transcript_hit(transcript: Transcript, snippet: Snippet, found_in: str, roles: Roles) -> Hit:
    survey = transcript.answer.response.survey
    return Hit(
        title=survey.title,
        url=reverse("surveys:results", args=[survey.code]),
        snippet=snippet,
        date=_local_date(survey.opens_at, roles),
        group=survey.group.name,
        context=transcript.answer.question.text,
    )


def _leads_any(roles: Roles) -> bool:
    return roles.is_leader and roles.person is not None


KINDS = (
    Kind(
        key="notes",
        label=gettext_lazy("Session notes"),
        applies=_leads_any,
        scope=lambda r: "session notes (content and process) of the groups you lead",
        rows=_notes,
        fields=("content", "process"),
        hit=_note_hit,
    ),
    Kind(
        key="summaries",
        label=gettext_lazy("Case summaries"),
        applies=_leads_any,
        scope=lambda r: "case summaries of the sessions of the groups you lead",
        rows=_summaries,
        fields=("case_summary",),
        hit=_summary_hit,
    ),
    Kind(
        key="sources",
        label=gettext_lazy("Analysis sources"),
        applies=lambda r: r.can_code(),
        scope=_source_scope,
        rows=_sources,
        fields=("text",),
        hit=_source_hit,
    ),
    Kind(
        key="memos",
        label=gettext_lazy("Analysis memos"),
        applies=lambda r: r.can_code(),
        scope=lambda r: "analysis memos (on the whole analysis, on themes and on the sources you see)",
        rows=_memos,
        fields=("body",),
        hit=_memo_hit,
    ),
    Kind(
        key="transcripts",
        label=gettext_lazy("Survey transcripts"),
        applies=lambda r: r.is_admin or r.is_analyst or _leads_any(r),
        scope=lambda r: (
            "approved survey transcripts of "
            + ("every group" if r.is_admin or r.is_analyst else "the groups you lead")
            + ", once a survey has enough answers to show results"
        ),
        rows=_transcripts,
        fields=("text",),
        hit=_transcript_hit,
    ),
)


def search_scopes(roles: Roles) -> list[str]:
    """What a search covers for these roles, in words for the page (no queries)."""
    return [kind.scope(roles) for kind in KINDS if kind.applies(roles)]


# --- matching and snippets -------------------------------------------------------------------------


def _earliest(haystack: str, words: Iterable[str]) -> tuple[int, int] | None:
    """(position, length) of the earliest occurrence of any word in `haystack`."""
    best = None
    for word in words:
        at = haystack.find(word) if word else -1
        if at != -1 and (best is None or at < best[0]):
            best = (at, len(word))
    return best


def _locate(text: str, words: list[str]) -> tuple[int, int] | None:
    """(start, end) in `text` of the earliest occurrence of any word, matched as search_decrypted does.

    Folding can change lengths (NFKC composes, "ß" casefolds to "ss"), so unless the text is ASCII it is
    folded one character cluster (a base character and its combining marks) at a time, remembering where
    each folded character came from, and only as far as the first match needs.
    """
    if text.isascii():
        found = _earliest(text.lower(), words)
        return None if found is None else (found[0], found[0] + found[1])
    found = _earliest(fold(text), words)
    if found is None:
        return None
    # Folding cluster by cluster may shift positions a little against folding the whole text.
    longest = max(len(word) for word in words)
    limit = found[0] + longest + 32
    folded: list[str] = []
    origin: list[tuple[int, int]] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and unicodedata.combining(text[end]):
            continue
        piece = fold(text[start:end])
        folded.append(piece)
        origin.extend([(start, end)] * len(piece))
        start = end
        if len(origin) >= limit and end < len(text):
            hit = _earliest("".join(folded), words)
            # Stop once no word starting before this match can still run past what is folded so far.
            if hit is not None and hit[0] + longest <= len(origin):
                break
            limit *= 2
    hit = _earliest("".join(folded), words)
    if hit is None:
        return None
    return origin[hit[0]][0], origin[hit[0] + hit[1] - 1][1]


HEADING_BREAK = re.compile(r"(?<=[^\s.!?:;,…])[ \t]*\n\s*(?=\S)")


def _squash(text: str) -> str:
    """Whitespace collapsed; a line that ends without punctuation (a heading) is kept apart by " · "."""
    return re.sub(r"\s+", " ", HEADING_BREAK.sub(" · ", text))


def make_snippet(text: str, span: tuple[int, int] | None) -> Snippet:
    """A short excerpt of `text` around `span`, cut at spaces, whitespace collapsed; the start if no span."""
    if span is None:
        cut = text[: BEFORE + AFTER]
        return Snippet(before="", match="", after=_squash(cut) + ("…" if len(text) > len(cut) else ""))
    start, end = span
    left = max(0, start - BEFORE)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(text), end + AFTER)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return Snippet(
        before=("…" if left > 0 else "") + _squash(text[left:start]).lstrip(),
        match=text[start:end],
        after=_squash(text[end:right]).rstrip() + ("…" if right < len(text) else ""),
    )


def _snippet_of(row: Any, fields: tuple[str, ...], words: list[str]) -> tuple[Snippet, str]:
    """The snippet around the first match in the first field that holds one, and that field's name."""
    for name in fields:
        text = getattr(row, name) or ""
        span = _locate(text, words)
        if span is not None:
            return make_snippet(text, span), name
    name = next((n for n in fields if getattr(row, n)), fields[0])
    return make_snippet(getattr(row, name) or "", None), name


# --- the search ------------------------------------------------------------------------------------


def search_program(*, roles: Roles, query: str, cap: int = CAP) -> SearchResults:
    """Every kind of encrypted text the person may read in `roles.program`, filtered by the query's words
    (all of them, any case); at most `cap` hits per kind, the rest counted. One query per kind."""
    words = query_words(query)
    kinds = []
    for kind in KINDS:
        if not kind.applies(roles):
            continue
        found = KindResults(key=kind.key, label=kind.label)
        for row in search_decrypted(kind.rows(roles), query, fields=kind.fields):
            found.total += 1
            if len(found.hits) < cap:
                snippet, found_in = _snippet_of(row, kind.fields, words)
                found.hits.append(kind.hit(row, snippet, found_in, roles))
        kinds.append(found)
    return SearchResults(scopes=search_scopes(roles), kinds=kinds)
