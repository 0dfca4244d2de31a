"""Programs, people and groups, as the caller's roles allow (balint.programs.access decides)."""

import datetime
from uuid import UUID

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from balint.api.errors import READ_ERRORS
from balint.api.pagination import Page
from balint.api.schemas import PersonRef
from balint.programs import selectors
from balint.programs.access import get_group_for, get_program_for, person_for, programs_for
from balint.programs.models import Group, GroupPolicy, Membership, Person, Role

router = Router(tags=["programs"])
ROLE_LABELS = dict(Role.choices)


class ProgramOut(Schema):
    code: UUID
    slug: str
    name: str
    institution: str
    specialty: str
    time_zone: str
    roles: list[str]


class OverviewOut(Schema):
    groups: int
    residents: int
    leaders: int
    sessions_held: int


class ProgramDetailOut(ProgramOut):
    overview: OverviewOut


class MembershipOut(Schema):
    role: str
    cohort: str | None
    active: bool


class PersonOut(Schema):
    code: UUID
    full_name: str
    email: str
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Person) -> list[dict]:
        return [
            {"role": m.role, "cohort": m.cohort.name if m.cohort else None, "active": m.active}
            for m in obj.program_memberships
        ]


class PolicyOut(Schema):
    effective_from: datetime.date
    format: str
    latecomers: str
    problem_solving_allowed: bool
    focus_chosen_by: str
    sessions_per_month: int
    note: str


class GroupOut(Schema):
    code: UUID
    name: str
    description: str
    meeting_minutes: int
    leaders: list[PersonRef]
    policy: PolicyOut | None


class GroupDetailOut(GroupOut):
    program: str
    policies: list[PolicyOut]
    members: list[PersonRef] | None  # only for the group's leaders and the program's administrators


class TokenInfo(Schema):
    name: str
    prefix: str
    read_only: bool
    expires_at: datetime.datetime | None


class MeOut(Schema):
    person: PersonRef | None
    programs: list[ProgramOut]
    token: TokenInfo | None


def _program_out(program, roles: list[str]) -> dict:
    return {
        "code": program.code,
        "slug": program.slug,
        "name": program.name,
        "institution": program.institution,
        "specialty": program.specialty,
        "time_zone": program.time_zone,
        "roles": sorted(roles),
    }


@router.get("/me", response={200: MeOut, **READ_ERRORS}, url_name="me", summary="Who the token acts as")
def me(request: HttpRequest) -> dict:
    """The person behind the token or session, their programs and roles, and the token in use."""
    person = person_for(request.user)
    token = getattr(request, "api_token", None)
    memberships = (
        Membership.objects.filter(person=person, active=True).select_related("program") if person else []
    )
    programs: dict[str, dict] = {}
    for m in memberships:
        programs.setdefault(m.program.slug, _program_out(m.program, []))["roles"].append(m.role)
    return {
        "person": person,
        "programs": [dict(p, roles=sorted(p["roles"])) for p in programs.values()],
        "token": token,
    }


@router.get("/programs", response={200: list[ProgramOut], **READ_ERRORS}, url_name="program_list")
@paginate(Page)
def program_list(request: HttpRequest) -> list[dict]:
    """The programs in which the caller holds an active role, with those roles."""
    person = person_for(request.user)
    programs = programs_for(request.user).prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.filter(person=person, active=True), to_attr="mine"
        )
    )
    return [_program_out(p, [m.role for m in p.mine]) for p in programs]


@router.get("/programs/{slug}", response={200: ProgramDetailOut, **READ_ERRORS}, url_name="program_detail")
def program_detail(request: HttpRequest, slug: str) -> dict:
    """A program with its counts of groups, residents, leaders and sessions (admins, leaders, analysts)."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_program())
    overview = selectors.program_overview(program=program)
    return _program_out(program, list(roles.roles)) | {"overview": overview.__dict__}


@router.get("/programs/{slug}/people", response={200: list[PersonOut], **READ_ERRORS}, url_name="people_list")
@paginate(Page)
def people_list(request: HttpRequest, slug: str):
    """The program's people with their roles (administrators and leaders)."""
    program, roles = get_program_for(request, slug, lambda r: r.can_view_people())
    return selectors.people_list(program=program).order_by("full_name", "pk")


def _policy(policy: GroupPolicy | None) -> dict | None:
    if policy is None:
        return None
    fields = ["effective_from", "format", "latecomers", "problem_solving_allowed", "focus_chosen_by"]
    return {f: getattr(policy, f) for f in [*fields, "sessions_per_month", "note"]}


def _group_out(group: Group) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "description": group.description,
        "meeting_minutes": group.meeting_minutes,
        "leaders": [{"code": p.code, "full_name": p.full_name} for p in group.leaders.all()],
        "policy": _policy(group.policy),
    }


@router.get("/programs/{slug}/groups", response={200: list[GroupOut], **READ_ERRORS}, url_name="group_list")
@paginate(Page)
def group_list(request: HttpRequest, slug: str) -> list[dict]:
    """The program's groups the caller may see: all for administrators, led or joined ones otherwise."""
    program, roles = get_program_for(request, slug, lambda r: True)
    return [_group_out(g) for g in selectors.group_list(program=program) if roles.can_view_group(g)]


@router.get("/groups/{code}", response={200: GroupDetailOut, **READ_ERRORS}, url_name="group_detail")
def group_detail(request: HttpRequest, code: UUID) -> dict:
    """A group with its policy history; its members only for its leaders and administrators."""
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    sees_members = roles.can_run_group(group) or roles.is_admin
    return _group_out(group) | {
        "program": group.program.slug,
        "policies": [_policy(p) for p in selectors.policy_history(group=group)],
        "members": [{"code": p.code, "full_name": p.full_name} for p in group.members.order_by("full_name")]
        if sees_members
        else None,
    }
