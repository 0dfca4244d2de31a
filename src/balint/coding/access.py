"""Who may reach the analysis workspace and which sources they see; rules come from programs.access.Roles.

Leaders and analysts of a program code. A leader sees the sources of the groups they lead and sources
tied to no group; an analyst sees only de-identified sources (session notes and survey transcripts,
and documents marked de-identified on import). Anything else is a 404, as if it did not exist.
"""

from __future__ import annotations

from functools import cache
from uuid import UUID

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import AnalysisRound, Coding, Memo, Source, Theme
from balint.core.rows import columns, db_value, instance, width
from balint.core.services import get_object
from balint.programs.access import Roles, get_program_for, programs_for, remember_person, require, roles_for
from balint.programs.models import Group, Membership, Person, Program


def get_workspace_for(request: HttpRequest, slug: str) -> tuple[Program, Roles]:
    """The program's workspace if the user may code there (else 404 / 403)."""
    return get_program_for(request, slug, lambda r: r.can_code())


def source_filter(roles: Roles) -> Q:
    """The sources a coder may see, as a filter on Source."""
    allowed = Q(pk__in=[])
    if roles.is_analyst:
        allowed |= Q(deidentified=True)
    if roles.is_leader and roles.person is not None:
        # A subquery, not a join over the group's leaders: no source is repeated, so no DISTINCT is needed
        # (DISTINCT over whole source rows compares their encrypted text).
        led = Group.objects.filter(leaders=roles.person).values("pk")
        allowed |= Q(group__isnull=True) | Q(group__in=led)
    return allowed


def visibility_key(roles: Roles) -> tuple:
    """What decides which sources `visible_sources` returns, beyond the source rows themselves (one query
    for a leader): part of the cache key of the analysis views."""
    if not roles.can_code():
        return ("none",)
    led: tuple[int, ...] = ()
    if roles.is_leader and roles.person is not None:
        led = tuple(
            Group.objects.filter(program=roles.program, leaders=roles.person)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return (roles.program.pk, bool(roles.is_analyst), bool(roles.is_leader and roles.person is not None), led)


def visible_sources(roles: Roles) -> QuerySet[Source]:
    if not roles.can_code():
        return Source.objects.none()
    return Source.objects.filter(Q(program=roles.program) & source_filter(roles))


def sees_source(roles: Roles, source: Source, *, leads_group: bool | None = None) -> bool:
    """`visible_sources` for one source already in hand; `leads_group` (whether the person leads the
    source's group) is asked of the database only when not given and needed."""
    if not roles.can_code() or source.program_id != roles.program.pk:
        return False
    if roles.is_analyst and source.deidentified:
        return True
    if roles.is_leader and roles.person is not None:
        if source.group_id is None:
            return True
        if leads_group is None:
            leads_group = roles.person.led_groups.filter(pk=source.group_id).exists()
        return leads_group
    return False


def _program_roles(request: HttpRequest, program: Program) -> Roles:
    roles = roles_for(request.user, program)
    return require(roles, roles.can_code())


def get_source_for(request: HttpRequest, code: UUID | str) -> tuple[Source, Roles]:
    """A source the user may see and code (else 404 / 403), in one query: the source with its program, and
    the user's person, roles in that program and whether they lead the source's group.

    The coding page and the highlight endpoint (one request per highlight) start here. A user with no active
    role in the program gets the same 404 as for a source that does not exist; the page is then shown in the
    program's time zone, as `roles_for` does.
    """
    if not request.user.is_authenticated:
        raise Http404(_("No such source."))
    try:
        key = db_value(Source, "code", UUID(str(code)))
    except ValueError:
        raise Http404(_("No such source.")) from None
    with connection.cursor() as cursor:
        cursor.execute(_source_sql(), [request.user.pk, key])
        rows = cursor.fetchall()
    if not rows:
        raise Http404(_("No such source."))
    s, p, q = width(Source), width(Program), width(Person)
    source = instance(Source, rows[0][:s])
    source.program = program = instance(Program, rows[0][s : s + p])
    timezone.activate(program.zone)
    held = [row for row in rows if row[s + p] is not None]
    person = instance(Person, held[0][s + p + 1 : s + p + 1 + q]) if held else None
    remember_person(request.user, person)
    roles = Roles(program=program, person=person, roles=frozenset(row[s + p] for row in held))
    try:
        require(roles, roles.can_code())
    except Http404:
        raise Http404(_("No such source.")) from None
    if not sees_source(roles, source, leads_group=bool(held and held[0][-1])):
        raise Http404(_("No such source."))
    return source, roles


@cache
def _source_sql() -> str:
    """The source by its code, its program, and one row per active role the user holds there (one row with
    no role when they hold none), each with the person and whether they lead the source's group. Table and
    column names come from the models; the user and the code are parameters."""
    tables = {
        "source": Source._meta.db_table,
        "program": Program._meta.db_table,
        "person": Person._meta.db_table,
        "membership": Membership._meta.db_table,
        "leaders": Group.leaders.through._meta.db_table,
    }
    sql = (
        'SELECT {source_columns}, {program_columns}, m."role", {person_columns}, '
        'EXISTS (SELECT 1 FROM "{leaders}" gl '
        'WHERE gl."group_id" = s."group_id" AND gl."person_id" = pe."id") '
        'FROM "{source}" s INNER JOIN "{program}" p ON p."id" = s."program_id" '
        'LEFT JOIN "{person}" pe ON pe."user_id" = %s '
        'LEFT JOIN "{membership}" m '
        'ON m."person_id" = pe."id" AND m."program_id" = s."program_id" AND m."active" '
        'WHERE s."code" = %s'
    )
    return sql.format(
        source_columns=columns(Source, "s"),
        program_columns=columns(Program, "p"),
        person_columns=columns(Person, "pe"),
        **tables,
    )


def get_theme_for(request: HttpRequest, code: UUID | str) -> tuple[Theme, Roles]:
    theme = get_object(
        Theme.objects.filter(program__in=programs_for(request.user)).select_related(
            "program", "category", "parent"
        ),
        code=code,
    )
    return theme, _program_roles(request, theme.program)


def get_coding_for(request: HttpRequest, code: UUID | str) -> tuple[Coding, Roles]:
    coding = get_object(
        Coding.objects.filter(source__program__in=programs_for(request.user)).select_related(
            "source__program", "theme", "coder"
        ),
        code=code,
    )
    roles = _program_roles(request, coding.source.program)
    if not visible_sources(roles).filter(pk=coding.source_id).exists():
        raise Http404(_("No such coding."))
    return coding, roles


def get_memo_for(request: HttpRequest, code: UUID | str) -> tuple[Memo, Roles]:
    memo = get_object(
        Memo.objects.filter(program__in=programs_for(request.user)).select_related("program"), code=code
    )
    roles = _program_roles(request, memo.program)
    if memo.source_id and not visible_sources(roles).filter(pk=memo.source_id).exists():
        raise Http404(_("No such memo."))
    return memo, roles


def get_round_for(request: HttpRequest, code: UUID | str) -> tuple[AnalysisRound, Roles]:
    analysis_round = get_object(
        AnalysisRound.objects.filter(program__in=programs_for(request.user)).select_related("program"),
        code=code,
    )
    return analysis_round, _program_roles(request, analysis_round.program)
