import pytest

from balint.core.errors import ApplicationError
from balint.meetings.models import DEFAULT_PHASES
from balint.meetings.services import live_advance, phase_plan_set, phases_for, phases_parse


def test_it_walks_through_the_phases_and_ignores_a_double_tap(world):
    meeting = live_advance(meeting=world.past_meeting, action="start", expected_phase=-1)
    assert meeting.live_phase == 0 and meeting.live_phase_started_at is not None
    live_advance(meeting=meeting, action="next", expected_phase=0)
    meeting = live_advance(meeting=meeting, action="next", expected_phase=0)  # the same tap again
    assert meeting.live_phase == 1
    for phase in range(1, len(DEFAULT_PHASES)):
        meeting = live_advance(meeting=meeting, action="next", expected_phase=phase)
    assert meeting.live_phase is None


def test_phases_are_configurable_per_group(world):
    phase_plan_set(group=world.group, phases=phases_parse("Check-in, 5\nCase, 15\n\nDiscussion, group, 30"))
    assert phases_for(group=world.group) == [
        {"name": "Check-in", "minutes": 5},
        {"name": "Case", "minutes": 15},
        {"name": "Discussion, group", "minutes": 30},
    ]
    assert phases_for(group=world.outsider_group)[0]["name"] == "Case presentation"


@pytest.mark.parametrize(
    ("text", "message"), [("Case", "Line 1"), ("Case, 0", "between 1 and 240"), ("", "between 1 and 12")]
)
def test_it_refuses_bad_phases(world, text, message):
    with pytest.raises(ApplicationError, match=message):
        phase_plan_set(group=world.group, phases=phases_parse(text))
