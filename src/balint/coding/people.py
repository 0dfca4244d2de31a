"""How a coder, memo author or decider is named on a page: by name, or by the stable pseudonym of the exports.

One rule for every page, JSON answer and report: `Roles.can_see_coder_names` decides, and the stand-in is
`balint.privacy.pseudonyms.pseudonym`, the exports' own (the same "Coder 3F9A1C" in the pages, the API, the
.qdpx and the spreadsheets). Without roles (a page that forgot to pass them) the pseudonym is shown: it fails
closed. Viewers see their own name on pages; the exports and the API keep their own rule (`qda.export_scope`).
"""

from __future__ import annotations

from collections.abc import Iterable

from balint.privacy.pseudonyms import pseudonym
from balint.programs.access import Roles
from balint.programs.models import Person, Program


def sees_coder_names(roles: Roles | None) -> bool:
    return roles is not None and roles.can_see_coder_names()


def coder_name(*, program: Program, person: Person | None, roles: Roles | None) -> str:
    """The name `roles` may see for this person; "a former member" when the person is gone.

    Viewers always see their own name (it tells them nothing new); everyone else by the rule.
    """
    own = (
        roles is not None and person is not None and roles.person is not None and roles.person.pk == person.pk
    )
    return coder_label(program=program, person=person, identities=own or sees_coder_names(roles))


def coder_label(*, program: Program, person: Person | None, identities: bool) -> str:
    """The person's name when `identities`, else the exports' stable pseudonym ("Coder 3F9A1C")."""
    if person is None:
        return "a former member"
    if identities:
        return person.full_name
    return pseudonym(program, person.code).name


def coder_names(*, program: Program, people: Iterable[Person], roles: Roles | None) -> dict[int, str]:
    """Person id -> the name `roles` may see, for many people at once (no query)."""
    return {p.pk: coder_name(program=program, person=p, roles=roles) for p in people}
