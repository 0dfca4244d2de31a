"""Program, people and group pages.

One module per subject: `programs` (programs and cohorts), `people`, `groups`; `urls.py` names them from here.
"""

from balint.programs.views.groups import (
    group_create,
    group_detail,
    group_people,
    group_policy_update,
    group_seat_end,
)
from balint.programs.views.people import (
    ROSTER_SALT,
    language_settings,
    people_list,
    person_create,
    person_deactivate,
    person_detail,
    person_edit,
    person_reactivate,
    roster_import,
)
from balint.programs.views.programs import (
    cohort_edit,
    cohort_graduate,
    cohort_list,
    program_create,
    program_detail,
    program_edit,
    rollover,
)

__all__ = [
    "group_create",
    "group_detail",
    "group_policy_update",
    "group_people",
    "group_seat_end",
    "ROSTER_SALT",
    "people_list",
    "person_detail",
    "person_create",
    "person_edit",
    "person_deactivate",
    "person_reactivate",
    "roster_import",
    "language_settings",
    "program_detail",
    "program_create",
    "program_edit",
    "cohort_list",
    "cohort_edit",
    "cohort_graduate",
    "rollover",
]
