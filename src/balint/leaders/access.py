"""Who may open a leader's log: only the leader. Every look-up here is scoped to the signed-in person.

A log entry, debrief or followed path of someone else is a 404 (it is never found), and a person who
leads in no program gets a 403 on the log pages. Program admins reach only the summaries a leader
shares, through `selectors.shared_summaries`.
"""

from collections.abc import Callable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from balint.core.services import get_object
from balint.leaders.models import CertificationPath
from balint.leaders.selectors import paths_visible_to
from balint.programs.access import person_for
from balint.programs.models import Membership, Person, Program, Role


def get_leader(request: HttpRequest) -> Person:
    """The signed-in person if they hold an active leader role somewhere (else 403)."""
    person = person_for(request.user)
    if person is None or not Membership.objects.filter(person=person, role=Role.LEADER, active=True).exists():
        raise PermissionDenied(_("The leadership log is for group leaders."))
    return person


def get_own(
    request: HttpRequest, queryset: Callable[[Person], QuerySet], code: UUID | str
) -> tuple[Person, Model]:
    """One of the signed-in leader's own rows by code; anyone else's is a 404."""
    leader = get_leader(request)
    return leader, get_object(queryset(leader), code=code)


def path_programs(person: Person) -> QuerySet[Program]:
    """Programs for which the person may define a path: where they lead or administer."""
    return Program.objects.filter(
        memberships__person=person, memberships__active=True, memberships__role__in=[Role.ADMIN, Role.LEADER]
    ).distinct()


def get_path_person(request: HttpRequest) -> Person:
    """A person who may see and define paths: a leader or program admin somewhere (else 403)."""
    person = person_for(request.user)
    if person is None or not path_programs(person).exists():
        raise PermissionDenied(_("Certification paths are for leaders and program administrators."))
    return person


def get_path(request: HttpRequest, code: UUID | str) -> tuple[Person, CertificationPath]:
    """A path the person may see: ready-made, or of a program where they lead or administer (else 404)."""
    person = get_path_person(request)
    return person, get_object(paths_visible_to(person=person), code=code)


def can_edit_path(person: Person, path: CertificationPath) -> bool:
    """A program's path is changed by the program's admins or by the person who defined it."""
    if path.ready_made:
        return False
    if path.created_by_id == person.pk:
        return True
    return Membership.objects.filter(
        program=path.program_id, person=person, role=Role.ADMIN, active=True
    ).exists()
