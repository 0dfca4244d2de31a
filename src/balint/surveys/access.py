"""Survey look-ups scoped to the user's programs; the rule itself comes from programs.access.Roles."""

from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest

from balint.core.services import get_object
from balint.programs.access import Roles, programs_for, require, roles_for
from balint.programs.models import Group
from balint.surveys.models import Answer, Instrument, Survey


def get_survey_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[Roles, Group], bool]
) -> tuple[Survey, Roles]:
    """The survey by code within the user's programs (else 404) if `allow` allows its group (else 403)."""
    survey = get_object(
        Survey.objects.filter(group__program__in=programs_for(request.user)).select_related(
            "group__program", "instrument"
        ),
        code=code,
    )
    roles = roles_for(request.user, survey.group.program)
    return survey, require(roles, allow(roles, survey.group))


def get_instrument_for(
    request: HttpRequest, code: UUID | str, allow: Callable[[Roles], bool]
) -> tuple[Instrument, Roles]:
    """The instrument by code within the user's programs (else 404) if `allow` says yes (else 403)."""
    instrument = get_object(
        Instrument.objects.filter(program__in=programs_for(request.user)).select_related("program"), code=code
    )
    roles = roles_for(request.user, instrument.program)
    return instrument, require(roles, allow(roles))


def get_answer_for_transcriber(request: HttpRequest, answer_id: UUID | str) -> tuple[Answer, Roles]:
    """A raw open answer, for a transcriber of its program who does not lead its group (else 403/404)."""
    answer = get_object(
        Answer.objects.filter(response__survey__group__program__in=programs_for(request.user)).select_related(
            "question", "response__survey__group__program", "transcript"
        ),
        id=answer_id,
    )
    group = answer.response.survey.group
    roles = roles_for(request.user, group.program)
    return answer, require(roles, roles.can_transcribe_for(group))
