"""The live phase timer leaders run during a session, with phases configurable per group."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import DEFAULT_PHASES, Meeting, PhasePlan
from balint.meetings.services.locks import locked_meeting
from balint.meetings.services.schedules import meeting_mark_held
from balint.programs.models import Group


def phases_for(*, group: Group) -> list[dict]:
    """The group's phases, or the usual Balint sequence when it has set none."""
    plan = PhasePlan.objects.filter(group=group).first()
    return plan.phases if plan else [dict(phase) for phase in DEFAULT_PHASES]


def phases_parse(text: str) -> list[dict]:
    """One phase a line, `name, minutes`; a clear error names the line at fault."""
    phases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _comma, minutes = line.rpartition(",")
        name = " ".join(name.split())
        if not name or not minutes.strip().isdigit():
            raise ApplicationError(
                _("Line {number}: write the phase as “name, minutes”.").format(number=number),
                extra={"line": number},
            )
        phases.append({"name": name, "minutes": int(minutes)})
    return phases


@transaction.atomic
def phase_plan_set(*, group: Group, phases: list[dict]) -> PhasePlan:
    """Replace the group's phases; refused unless 1 to 12 named phases of 1 to 240 minutes."""
    plan = PhasePlan.objects.filter(group=group).first() or PhasePlan(group=group)
    plan.phases = phases
    validated(plan).save()
    return plan


@transaction.atomic
def live_advance(*, meeting: Meeting, action: str, expected_phase: int | None = None) -> Meeting:
    """Start, step or stop the timer; a step sent for a phase that is no longer current is ignored."""
    meeting = locked_meeting(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError(_("This session was cancelled."))
    phases = phases_for(group=meeting.group)
    if expected_phase is not None and expected_phase != (
        meeting.live_phase if meeting.live_phase is not None else -1
    ):
        return meeting  # a double tap or another leader got there first
    now = timezone.now()
    if action == "start":
        meeting.live_phase = 0
    elif action == "next":
        if meeting.live_phase is None:
            raise ApplicationError(_("Start the timer first."))
        if meeting.live_phase + 1 >= len(phases):
            meeting.live_phase = None
        else:
            meeting.live_phase += 1
    elif action == "back":
        if not meeting.live_phase:
            raise ApplicationError(_("This is the first phase."))
        meeting.live_phase -= 1
    elif action == "stop":
        meeting.live_phase = None
    else:
        raise ApplicationError(_("Unknown timer action."), extra={"action": action})
    meeting.live_phase_started_at = now if meeting.live_phase is not None else None
    meeting.save(update_fields=["live_phase", "live_phase_started_at", "updated_at"])
    meeting_mark_held(meeting=meeting)
    return meeting
