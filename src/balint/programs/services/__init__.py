"""Writes for programs, people, memberships, groups and policies.

One module per thing written: `people` (people and memberships), `groups` (groups, seats, policies),
`programs` (programs, cohorts, the academic-year rollover). Callers import from here.
"""

from balint.programs.services.groups import (
    group_create,
    group_policy_set,
    group_seat_add,
    group_seat_end,
    group_update_people,
)
from balint.programs.services.people import (
    invitation_link,
    membership_grant,
    person_create,
    person_create_external,
    person_deactivate,
    person_for_site_admin,
    person_invite,
    person_language_update,
    person_reactivate,
    person_update,
    username_for,
)
from balint.programs.services.programs import (
    PROGRAM_FIELDS,
    CohortStep,
    Rollover,
    cohort_create,
    cohort_graduate,
    cohort_update,
    program_create,
    program_roll_over,
    program_update,
    rollover_preview,
)

__all__ = [
    "PROGRAM_FIELDS",
    "CohortStep",
    "Rollover",
    "cohort_create",
    "cohort_graduate",
    "cohort_update",
    "group_create",
    "group_policy_set",
    "group_seat_add",
    "group_seat_end",
    "group_update_people",
    "invitation_link",
    "membership_grant",
    "person_create",
    "person_create_external",
    "person_deactivate",
    "person_for_site_admin",
    "person_invite",
    "person_language_update",
    "person_reactivate",
    "person_update",
    "program_create",
    "program_roll_over",
    "program_update",
    "rollover_preview",
    "username_for",
]
