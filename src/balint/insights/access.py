"""Who may use analysis assistance: the program's coders (leaders and analysts), on material they may see.

A suggestion or run quoting a source the person may not see in the workspace is a 404, as if it did not
exist; so is anything of another program.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest

from balint.coding.access import get_source_for, get_workspace_for
from balint.coding.models import Source
from balint.core.services import get_object
from balint.insights.models import Suggestion
from balint.insights.selectors import visible_source_ids
from balint.programs.access import Roles, programs_for, require, roles_for
from balint.programs.models import Program


def get_assistance_for(request: HttpRequest, slug: str) -> tuple[Program, Roles]:
    """The program if the user codes there (else 404 / 403)."""
    return get_workspace_for(request, slug)


def get_insight_source_for(request: HttpRequest, code: UUID | str) -> tuple[Source, Roles]:
    """A de-identified source the user may see and code (else 404 / 403)."""
    source, roles = get_source_for(request, code)
    if not source.deidentified:
        raise Http404("Suggestions work on de-identified sources only.")
    return source, roles


def get_suggestion_for(request: HttpRequest, code: UUID | str) -> tuple[Suggestion, Roles]:
    """A suggestion whose passage and evidence the user may all see (else 404) if they code (else 403)."""
    suggestion = get_object(
        Suggestion.objects.filter(program__in=programs_for(request.user)).select_related(
            "program", "run", "source", "theme", "decided_by", "created_theme", "created_coding"
        ),
        code=code,
    )
    roles = roles_for(request.user, suggestion.program)
    require(roles, roles.can_code())
    allowed = visible_source_ids(roles)
    needed = set(suggestion.source_ids)
    if suggestion.run is not None:
        needed |= set(suggestion.run.source_ids)
    if suggestion.source_id is not None:
        needed.add(suggestion.source_id)
    if not needed <= allowed:
        raise Http404("No such suggestion.")
    return suggestion, roles
