"""Reads for programs and groups, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from balint.programs.hooks import PROGRAM_OVERVIEW_COUNTS
from balint.programs.models import Cohort, Group, GroupPolicy, GroupSeat, Membership, Person, Program


def group_list(*, program: Program) -> QuerySet[Group]:
    return (
        Group.objects.filter(program=program)
        .prefetch_related("leaders", "policies")
        .annotate(member_count=Count("members", distinct=True))
    )


def people_list(*, program: Program) -> QuerySet[Person]:
    """The program's people with their roles in it, in name order."""
    return (
        Person.objects.filter(memberships__program=program)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(program=program).select_related("cohort__program"),
                to_attr="program_memberships",
            )
        )
        .select_related("user")
    )


def groups_led_by(*, person: Person) -> QuerySet[Group]:
    return Group.objects.filter(leaders=person).select_related("program")


def groups_of_member(*, person: Person) -> QuerySet[Group]:
    return Group.objects.filter(members=person).select_related("program")


@dataclass(frozen=True)
class ProgramOverview:
    groups: int
    residents: int
    leaders: int
    sessions_held: int = 0  # counted by meetings through PROGRAM_OVERVIEW_COUNTS


def program_overview(*, program: Program) -> ProgramOverview:
    counts = Membership.objects.filter(program=program, active=True).aggregate(
        residents=Count("pk", filter=Q(role="resident")), leaders=Count("pk", filter=Q(role="leader"))
    )
    added: dict[str, int] = {}
    for count in PROGRAM_OVERVIEW_COUNTS:
        added |= count(program)
    return ProgramOverview(
        groups=Group.objects.filter(program=program).count(),
        residents=counts["residents"],
        leaders=counts["leaders"],
        **added,
    )


def policy_history(*, group: Group) -> QuerySet[GroupPolicy]:
    return group.policies.order_by("effective_from")


def cohort_list(*, program: Program) -> list[Cohort]:
    """The program's cohorts with how many residents each has (one query)."""
    cohorts = list(
        Cohort.objects.filter(program=program).annotate(
            residents=Count("memberships", filter=Q(memberships__role="resident"), distinct=True)
        )
    )
    for cohort in cohorts:
        cohort.program = program  # the training label reads the program's year; no query per row
    return cohorts


def seat_history(*, group: Group) -> list[GroupSeat]:
    """Every period anyone spent in the group, current ones first, then the past by end date."""
    seats = list(group.seats.select_related("person"))
    return sorted(
        seats,
        key=lambda s: (s.ends_on is not None, s.kind, -(s.ends_on or s.starts_on).toordinal(), str(s.person)),
    )
