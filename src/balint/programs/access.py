"""Who may see and do what, by program and role. Every view asks here; nothing else compares role strings.

Look-ups are scoped to the programs the signed-in person belongs to, so an id from another program
is a 404; within a program, a role that may not see a page gets a 403.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.services import get_object
from balint.programs.models import Group, Membership, Person, Program, Role

# The roles that may open the program page; residents and transcribers get their pages from the home page.
PROGRAM_PAGE_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.ANALYST})


@dataclass(frozen=True)
class Roles:
    """The roles one person holds in one program, and what they allow."""

    program: Program
    person: Person | None
    roles: frozenset[str]

    @property
    def labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    @property
    def is_resident(self) -> bool:
        return Role.RESIDENT in self.roles

    @property
    def is_transcriber(self) -> bool:
        return Role.TRANSCRIBER in self.roles

    @property
    def is_analyst(self) -> bool:
        return Role.ANALYST in self.roles

    def can_view_program(self) -> bool:
        """The program overview names groups and counts, never residents."""
        return bool(self.roles & PROGRAM_PAGE_ROLES)

    def can_manage_program(self) -> bool:
        return self.is_admin

    def can_view_people(self) -> bool:
        return self.is_admin or self.is_leader

    def can_view_person(self, person: Person) -> bool:
        return self.can_view_people() or (self.person is not None and self.person.pk == person.pk)

    def leads(self, group: Group) -> bool:
        if not (self.is_leader and self.person is not None):
            return False
        person = self.person
        return _remembered(
            ("leads", person.pk, group.pk), lambda: group.leaders.filter(pk=person.pk).exists()
        )

    def belongs_to(self, group: Group) -> bool:
        if not (self.is_resident and self.person is not None):
            return False
        person = self.person
        return _remembered(
            ("member", person.pk, group.pk), lambda: group.members.filter(pk=person.pk).exists()
        )

    def can_view_group(self, group: Group) -> bool:
        return self.is_admin or self.leads(group) or self.belongs_to(group)

    def can_run_group(self, group: Group) -> bool:
        """Schedule sessions, take attendance, change the policy."""
        return self.leads(group)

    def can_read_notes(self, group: Group) -> bool:
        """Session notes are the group's leaders' only."""
        return self.leads(group)

    def can_code(self) -> bool:
        return self.is_leader or self.is_analyst

    def can_see_coder_names(self) -> bool:
        """Coders by name: leaders, and administrators who do not analyse; never an analyst (pseudonyms)."""
        return self.is_leader or (self.is_admin and not self.is_analyst)

    def can_transcribe(self) -> bool:
        return self.is_transcriber

    def can_transcribe_for(self, group: Group) -> bool:
        """Raw survey answers: transcribers only, and never for a group the person leads."""
        return self.is_transcriber and not self.leads(group)

    def can_join_studies(self) -> bool:
        """Consent for the program to a multi-site study, choose and withdraw what it contributes."""
        return self.is_admin

    def can_create_study(self) -> bool:
        return self.is_admin

    def can_analyse_study(self) -> bool:
        """In a study's workspace program: code the pooled de-identified material (a role on the study)."""
        return self.is_analyst

    def can_see_survey_results(self, group: Group) -> bool:
        """Counts, charts and approved transcripts (never raw open answers, never who answered)."""
        return self.is_admin or self.is_analyst or self.leads(group)


# One request's answers to "who is this user, in which programs, with which roles": every page asks several
# times (the view, its access check, the navigation, the page header), and each answer is a query. Kept only
# while `AccessMemoMiddleware` serves a request (never across requests, never in tasks or shell code), and
# dropped whenever a person, membership, program or group is saved or deleted or a group's leaders or members
# change (`forget_access`, also called by the services that change memberships with a bulk UPDATE).
_memo: ContextVar[dict | None] = ContextVar("balint_access_memo", default=None)


def forget_access() -> None:
    """Drop this request's remembered people, programs and roles (after a change to any of them)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _forget_on_change(**kwargs: object) -> None:
    forget_access()


for _model in (Person, Membership, Program, Group):
    post_save.connect(_forget_on_change, sender=_model, dispatch_uid=f"access-memo-save-{_model.__name__}")
    post_delete.connect(
        _forget_on_change, sender=_model, dispatch_uid=f"access-memo-delete-{_model.__name__}"
    )
for _through in (Group.leaders.through, Group.members.through):
    m2m_changed.connect(
        _forget_on_change, sender=_through, dispatch_uid=f"access-memo-m2m-{_through.__name__}"
    )


class AccessMemoMiddleware:
    """Remember the access look-ups for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def _remembered(key: tuple, compute: Callable[[], object]) -> object:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def person_for(user: AbstractBaseUser | AnonymousUser) -> Person | None:
    if not user.is_authenticated:
        return None
    return _remembered(("person", user.pk), lambda: _read_access(user)[0])


def remember_person(user: AbstractBaseUser, person: Person | None) -> None:
    """For a look-up that found the person in a query of its own (the coding page's one-query access)."""
    memo = _memo.get()
    if memo is not None and person is not None:
        memo[("person", user.pk)] = person


def _read_access(user: AbstractBaseUser) -> tuple[Person | None, dict[int, tuple[Program, frozenset[str]]]]:
    """The user's person and, by program id, each program with the person's active roles there: one query
    (the memberships with their person and program), a second only for a person with no active role."""
    found: dict[int, tuple[Program, set[str]]] = {}
    person = None
    for membership in Membership.objects.filter(person__user=user, active=True).select_related(
        "person", "program"
    ):
        person = person or membership.person
        found.setdefault(membership.program_id, (membership.program, set()))[1].add(membership.role)
    if person is None:
        person = Person.objects.filter(user=user).first()
    memberships = {pk: (program, frozenset(roles)) for pk, (program, roles) in found.items()}
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(("person", user.pk), person)
        memo[("memberships", user.pk)] = memberships
    return person, memberships


def _memberships(user: AbstractBaseUser) -> dict[int, tuple[Program, frozenset[str]]]:
    """Program id → the program and the user's active roles there (read with the person)."""
    return _remembered(("memberships", user.pk), lambda: _read_access(user)[1])


def programs_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Program]:
    """The programs in which the user holds an active role (by id, from the request's memberships)."""
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(pk__in=list(_memberships(user)))


def program_list_for(user: AbstractBaseUser | AnonymousUser) -> list[Program]:
    """The programs of `programs_for` by name, read with the roles (once per request: the home page and the
    navigation both list them)."""
    return _programs_where(user, lambda roles: True)


def programs_with_page_for(user: AbstractBaseUser | AnonymousUser) -> list[Program]:
    """The programs whose program page the user may open (`Roles.can_view_program`), for links to it."""
    return _programs_where(user, lambda roles: bool(roles & PROGRAM_PAGE_ROLES))


def _programs_where(
    user: AbstractBaseUser | AnonymousUser, holds: Callable[[frozenset[str]], bool]
) -> list[Program]:
    """The user's programs, by name, in which their roles satisfy `holds`."""
    if not user.is_authenticated:
        return []
    kept = (program for program, roles in _memberships(user).values() if holds(roles))
    return sorted(kept, key=lambda p: (p.name, p.pk))


def roles_for(user: AbstractBaseUser | AnonymousUser, program: Program) -> Roles:
    """The user's roles in the program; the page that asks is then shown in the program's time zone.

    Every page of a program comes through here, so every time it renders (`|date`, `localtime`) is in the
    program's zone; `balint.core.apps` resets the zone at the start and end of each request.
    """
    timezone.activate(program.zone)
    person = person_for(user)
    if person is None:
        return Roles(program=program, person=None, roles=frozenset())
    held = _memberships(user).get(program.pk)
    return Roles(program=program, person=person, roles=held[1] if held else frozenset())


def require(roles: Roles, allowed: bool) -> Roles:
    if not roles.roles:
        raise Http404(_("No such program."))
    if not allowed:
        raise PermissionDenied(_("Your role in this program does not allow this."))
    return roles


def get_program_for(request: HttpRequest, slug: str, allow: Callable[[Roles], bool]) -> tuple[Program, Roles]:
    """The program by slug if the user belongs to it (else 404) and `allow` says yes (else 403)."""
    program = get_object(programs_for(request.user), slug=slug)
    roles = roles_for(request.user, program)
    return program, require(roles, allow(roles))


def get_group_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[Roles, Group], bool]
) -> tuple[Group, Roles]:
    """The group by code within the user's programs (else 404) if `allow` says yes (else 403)."""
    group = get_object(
        Group.objects.filter(program__in=programs_for(request.user)).select_related("program"), code=code
    )
    roles = roles_for(request.user, group.program)
    return group, require(roles, allow(roles, group))


def get_person_for(request: HttpRequest, program: Program, code: UUID | str) -> Person:
    """A person of the given program by code (else 404)."""
    return get_object(Person.objects.filter(memberships__program=program).distinct(), code=code)
