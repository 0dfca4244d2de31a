"""The tables Balint exports as CSV or XLSX, each limited to what the person may see.

Codings: the sources the person may export (see qda.export_scope), coders by name only for leaders and
administrators. Attendance and polls: the groups a leader leads, every group for an administrator; vote
counts only, never who voted. Survey transcripts: approved transcripts only, never raw answers, for the
people who may see survey results of the group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.coding.models import Coding
from balint.exchange import qda
from balint.privacy.pseudonyms import pseudonym
from balint.programs.models import Group, Program


@dataclass(frozen=True)
class Table:
    """One exportable table: its header and rows for a program as seen by `roles` (None: the operator)."""

    key: str  # in URLs and file names; never translated
    title: str  # the rest in the language of the page (the API's: Accept-Language, English by default)
    header: list[str]
    allowed: Callable[[Any], bool]
    rows: Callable[[Program, Any], Iterable[list[Any]]]


def _groups(program: Program, roles: Any, allow: Callable[[Any, Group], bool]) -> list[Group]:
    groups = list(Group.objects.filter(program=program).prefetch_related("leaders"))
    if roles is None:
        return groups
    if roles.program.pk != program.pk:
        return []
    return [g for g in groups if allow(roles, g)]


def _leads_or_admin(roles: Any, group: Group) -> bool:
    return roles.is_admin or (
        roles.person is not None and any(p.pk == roles.person.pk for p in group.leaders.all())
    )


def coding_rows(program: Program, roles: Any) -> Iterator[list[Any]]:
    """The codings as rows, read in batches of plain values: no model instance per coding, and no source's
    text decrypted (only the quote, which the row prints), so a large table costs constant memory."""
    scope = qda.export_scope(program, roles)
    labels = dict(Coding.Perspective.choices)
    names: dict[int, str] = {}
    rows = (
        Coding.objects.filter(source__in=scope.sources, theme__program=program)
        .order_by("source__date", "source__title", "start", "pk")
        .values_list(
            "source__title",
            "source__date",
            "theme__name",
            "theme__category__name",
            "coder_id",
            "coder__full_name",
            "coder__code",
            "quote",
            "perspective",
        )
    )
    for title, date, theme, category, coder_id, full_name, coder_code, quote, perspective in rows.iterator(
        chunk_size=2000
    ):
        if coder_id not in names:
            names[coder_id] = full_name if scope.identities else pseudonym(program, coder_code).name
        yield [
            title,
            date,
            theme,
            category or "",
            names[coder_id],
            quote,
            labels[perspective] if perspective else "",
        ]


def attendance_rows(program: Program, roles: Any) -> list[list[Any]]:
    from balint.meetings.models import Attendance

    groups = _groups(program, roles, _leads_or_admin)
    zone = program.zone
    attendances = (
        Attendance.objects.filter(meeting__group__in=groups)
        .select_related("meeting__group", "person")
        .order_by("meeting__starts_at", "person__full_name")
    )
    return [
        [
            a.meeting.starts_at.astimezone(zone).date(),
            a.meeting.group.name,
            a.person.full_name,
            a.get_status_display(),
            a.get_reason_display() if a.reason else "",
        ]
        for a in attendances
    ]


def poll_rows(program: Program, roles: Any) -> list[list[Any]]:
    from balint.meetings.models import Proposal

    groups = _groups(program, roles, _leads_or_admin)
    zone = program.zone
    proposals = (
        Proposal.objects.filter(meeting__group__in=groups)
        .select_related("meeting__group")
        .annotate(vote_count=Count("votes"))
        .order_by("meeting__starts_at", "created_at", "pk")
    )
    return [
        [
            p.meeting.starts_at.astimezone(zone).date(),
            p.meeting.group.name,
            p.get_focus_display(),
            p.title,
            p.vote_count,
            _("yes") if p.meeting.focus_confirmed_at and p.meeting.focus_title == p.title else "",
        ]
        for p in proposals
    ]


def transcript_rows(program: Program, roles: Any) -> list[list[Any]]:
    from balint.surveys.models import Transcript

    groups = _groups(program, roles, lambda r, g: r.can_see_survey_results(g))
    transcripts = (
        Transcript.objects.filter(approved=True, answer__response__survey__group__in=groups)
        .select_related("answer__question", "answer__response__survey__group")
        .order_by("answer__response__survey__opens_at", "answer__question__position", "id")
    )
    return [
        [
            t.answer.response.survey.title,
            t.answer.response.survey.group.name,
            t.answer.response.survey.opens_at.astimezone(program.zone).date(),
            t.answer.question.text,
            t.text,
        ]
        for t in transcripts
    ]


TABLES: dict[str, Table] = {
    table.key: table
    for table in [
        Table(
            "codings",
            gettext_lazy("Codings"),
            [
                gettext_lazy("Source"),
                gettext_lazy("Date"),
                gettext_lazy("Theme"),
                gettext_lazy("Category"),
                gettext_lazy("Coder"),
                gettext_lazy("Quote"),
                gettext_lazy("Perspective"),
            ],
            lambda r: r.can_view_program(),
            coding_rows,
        ),
        Table(
            "attendance",
            gettext_lazy("Attendance"),
            [
                gettext_lazy("Date"),
                gettext_lazy("Group"),
                gettext_lazy("Person"),
                gettext_lazy("Status"),
                gettext_lazy("Reason"),
            ],
            lambda r: r.is_admin or r.is_leader,
            attendance_rows,
        ),
        Table(
            "polls",
            gettext_lazy("Focus polls"),
            [
                gettext_lazy("Date"),
                gettext_lazy("Group"),
                gettext_lazy("Focus"),
                gettext_lazy("Proposal"),
                gettext_lazy("Votes"),
                gettext_lazy("Chosen"),
            ],
            lambda r: r.is_admin or r.is_leader,
            poll_rows,
        ),
        Table(
            "transcripts",
            gettext_lazy("Survey transcripts"),
            [
                gettext_lazy("Survey"),
                gettext_lazy("Group"),
                gettext_lazy("Opened on"),
                gettext_lazy("Question"),
                gettext_lazy("Transcript"),
            ],
            lambda r: r.is_admin or r.is_analyst or r.is_leader,
            transcript_rows,
        ),
    ]
}
