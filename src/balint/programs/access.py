"""Who may see and do what, by program and role. Every view asks here; nothing else compares role strings.

Look-ups are scoped to the programs the signed-in person belongs to, so an id from another program
is a 404; within a program, a role that may not see a page gets a 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
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
        return self.is_leader and self.person is not None and group.leaders.filter(pk=self.person.pk).exists()

    def belongs_to(self, group: Group) -> bool:
        return (
            self.is_resident and self.person is not None and group.members.filter(pk=self.person.pk).exists()
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


def person_for(user: AbstractBaseUser | AnonymousUser) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def programs_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Program]:
    """The programs in which the user holds an active role."""
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(memberships__person__user=user, memberships__active=True).distinct()


def programs_with_page_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Program]:
    """The programs whose program page the user may open (`Roles.can_view_program`), for links to it."""
    return programs_for(user).filter(
        memberships__person__user=user, memberships__active=True, memberships__role__in=PROGRAM_PAGE_ROLES
    )


def roles_for(user: AbstractBaseUser | AnonymousUser, program: Program) -> Roles:
    """The user's roles in the program; the page that asks is then shown in the program's time zone.

    Every page of a program comes through here, so every time it renders (`|date`, `localtime`) is in the
    program's zone; `balint.core.apps` resets the zone at the start and end of each request.
    """
    timezone.activate(program.zone)
    person = person_for(user)
    if person is None:
        return Roles(program=program, person=None, roles=frozenset())
    roles = Membership.objects.filter(program=program, person=person, active=True).values_list(
        "role", flat=True
    )
    return Roles(program=program, person=person, roles=frozenset(roles))


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
