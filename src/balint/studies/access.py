"""Who may see and do what in a study; every answer comes from `balint.programs.access.Roles`.

A study is visible to its owner, to its analysts (analysts of the study's workspace program, a role on the
study and never on a member program) and to the administrators of its active member programs, who see the
study page, their own site's contributions and the study's report, never the pooled material. Anyone else
gets a 404, as if the study did not exist; a viewer whose role does not allow a page gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from balint.core.services import get_object
from balint.programs.access import Roles, get_program_for, person_for, programs_for, roles_for
from balint.programs.models import Person, Program
from balint.studies.models import Study, StudyMember


@dataclass(frozen=True)
class StudyRoles:
    """What one person may do in one study."""

    study: Study
    person: Person | None
    is_owner: bool
    is_analyst: bool
    sites: tuple[StudyMember, ...]  # the active member sites whose program this person administers

    def can_view(self) -> bool:
        return self.is_owner or self.is_analyst or bool(self.sites)

    def can_manage(self) -> bool:
        """Protocol, analysts, the shared codebook."""
        return self.is_owner

    def can_analyse(self) -> bool:
        """The pooled material: code, memos, rounds, agreement, the export."""
        return self.is_analyst

    def can_import_codebook(self) -> bool:
        return self.is_owner or self.is_analyst

    def can_see_report(self) -> bool:
        return self.can_view()

    def can_see_member_programs(self) -> bool:
        """Which program is which site: the owner only (analysts see site labels, sites see themselves)."""
        return self.is_owner


def studies_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Study]:
    """Studies the user might see (owner, workspace member, member programs); `study_roles` decides."""
    if not user.is_authenticated:
        return Study.objects.none()
    programs = programs_for(user)
    return Study.objects.filter(
        Q(owner__user=user)
        | Q(workspace__in=programs)
        | Q(members__program__in=programs, members__withdrawn_at__isnull=True)
    ).distinct()


def study_roles(user: AbstractBaseUser | AnonymousUser, study: Study) -> StudyRoles:
    person = person_for(user)
    if person is None:
        return StudyRoles(study=study, person=None, is_owner=False, is_analyst=False, sites=())
    analyst = roles_for(user, study.workspace).can_analyse_study()
    sites = tuple(
        member
        for member in StudyMember.objects.filter(
            study=study, withdrawn_at__isnull=True, program__in=programs_for(user)
        ).select_related("program")
        if roles_for(user, member.program).can_join_studies()
    )
    return StudyRoles(
        study=study, person=person, is_owner=study.owner_id == person.pk, is_analyst=analyst, sites=sites
    )


def visible_studies(user: AbstractBaseUser | AnonymousUser) -> list[tuple[Study, StudyRoles]]:
    """Every study the user may see with their roles in it; queries grow with the user's programs only."""
    person = person_for(user)
    if person is None:
        return []
    roles = {program.pk: roles_for(user, program) for program in programs_for(user)}
    analysed = {pk for pk, r in roles.items() if r.can_analyse_study()}
    administered = {pk for pk, r in roles.items() if r.can_join_studies()}
    studies = list(studies_for(user).select_related("workspace", "owner"))
    sites: dict[int, list[StudyMember]] = {}
    for member in StudyMember.objects.filter(
        study__in=studies, withdrawn_at__isnull=True, program_id__in=administered
    ).select_related("program"):
        sites.setdefault(member.study_id, []).append(member)
    found = []
    for study in studies:
        study_roles_ = StudyRoles(
            study=study,
            person=person,
            is_owner=study.owner_id == person.pk,
            is_analyst=study.workspace_id in analysed,
            sites=tuple(sites.get(study.pk, ())),
        )
        if study_roles_.can_view():
            found.append((study, study_roles_))
    return found


def get_study_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[StudyRoles], bool]
) -> tuple[Study, StudyRoles]:
    """The study by code if the user may see it (else 404) and `allow` says yes (else 403)."""
    study = get_object(studies_for(request.user).select_related("workspace", "owner"), code=code)
    roles = study_roles(request.user, study)
    if not roles.can_view():
        raise Http404(_("No such study."))
    if not allow(roles):
        raise PermissionDenied(_("Your role in this study does not allow this."))
    return study, roles


def get_studies_page_for(request: HttpRequest, slug: str) -> tuple[Program, Roles]:
    """A program's own studies page: its administrators only."""
    return get_program_for(request, slug, lambda r: r.can_join_studies())


def get_member_for(request: HttpRequest, slug: str, code: UUID | str) -> tuple[StudyMember, Roles]:
    """The program's membership of the study (by the study's code), for the program's administrators."""
    program, roles = get_studies_page_for(request, slug)
    member = get_object(
        StudyMember.objects.filter(program=program).select_related("study__workspace", "program"),
        study__code=code,
    )
    return member, roles


def can_create_study(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Administrators of a program (not of a study's workspace) may start a study."""
    return any(
        roles_for(user, program).can_create_study()
        for program in programs_for(user).filter(study__isnull=True)
    )


def require_create(request: HttpRequest) -> Person:
    if not can_create_study(request.user):
        raise PermissionDenied(_("Only a program's administrators start studies."))
    person = person_for(request.user)
    assert person is not None
    return person
