"""Who sees reports: administrators, leaders and analysts; never residents, transcribers or outsiders.

Reports hold no resident's name (quotes come from de-identified sources, figures are suppressed below k),
so analysts, who never see identities, may read them too. The attendance roster, which names residents,
is an administrator's explicit option.
"""

from balint.programs.access import Roles
from balint.programs.models import Group


def can_see_program_reports(roles: Roles) -> bool:
    return roles.is_admin or roles.is_leader or roles.is_analyst


def can_see_group_reports(roles: Roles, group: Group) -> bool:
    return roles.is_admin or roles.is_analyst or roles.leads(group)


def can_request_roster(roles: Roles) -> bool:
    return roles.can_manage_program()


def can_change_settings(roles: Roles) -> bool:
    return roles.can_manage_program()


def can_edit_annual_evaluation(roles: Roles) -> bool:
    """The annual evaluation's words are the program's: its administrators and leaders write them."""
    return roles.is_admin or roles.is_leader
