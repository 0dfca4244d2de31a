"""An evaluation year for the world's group: a policy change, attendance, focus, surveys and coding."""

import datetime
from dataclasses import dataclass

import pytest

from balint.coding.models import Coding, Source
from balint.meetings.models import Attendance, Meeting
from balint.programs.models import GroupPolicy, Person
from balint.reports.tests import factories as f

ON, LATE, ABSENT = Attendance.Status.ON_TIME, Attendance.Status.LATE, Attendance.Status.ABSENT
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
CHANGE = datetime.date(2024, 7, 1)
RITA_QUOTE = "Rita felt cornered when the patient asked again for an early refill of oxycodone."


@dataclass
class Evaluation:
    residents: list[Person]
    meetings: list[Meeting]


@pytest.fixture
def evaluation(world) -> Evaluation:
    group = world.group
    GroupPolicy.objects.create(
        group=group, effective_from=datetime.date(2024, 1, 1)
    )  # traditional before July
    residents = [world.resident, world.other_resident, *f.add_residents(group, 6, cohort=world.cohort)]
    r = residents
    excluded, listen = GroupPolicy.Latecomers.EXCLUDED, GroupPolicy.Latecomers.LISTEN_ONLY
    everyone = dict.fromkeys(r, (ON, ""))
    meetings = [
        f.held(
            group,
            datetime.date(2024, 1, 9),
            Meeting.Focus.BALINT_CASE,
            {**everyone, r[0]: (LATE, "clinic_late"), r[1]: (ABSENT, "on_service")},
            excluded,
        ),
        f.held(
            group,
            datetime.date(2024, 2, 13),
            Meeting.Focus.BALINT_CASE,
            {**everyone, r[0]: (LATE, "")},
            excluded,
        ),
        f.held(
            group,
            datetime.date(2024, 3, 12),
            Meeting.Focus.BALINT_CASE,
            {**everyone, r[2]: (ABSENT, "leave")},
            excluded,
        ),
        f.held(
            group,
            datetime.date(2024, 7, 9),
            Meeting.Focus.TOPIC,
            {**everyone, **dict.fromkeys(r[:6], (LATE, "clinic_late"))},
            listen,
        ),
        f.held(
            group,
            datetime.date(2024, 8, 13),
            Meeting.Focus.CASE_PROBLEM_SOLVING,
            {**everyone, r[7]: (ABSENT, "post_call")},
            listen,
        ),
        f.held(group, datetime.date(2024, 9, 10), Meeting.Focus.BALINT_CASE, everyone, listen),
    ]
    f.cancelled(group, datetime.date(2024, 9, 24))
    f.closed_survey(
        group,
        datetime.date(2024, 6, 20),
        likert=[[5, 5, 4, 4, 4, 4, 2, 3], [4, 4, 4, 4, 4, 1, 1, 1]],
        invited=r,
        transcripts=3,
    )
    f.closed_survey(group, datetime.date(2024, 9, 30), likert=[[4, 4, 5, 2]], invited=r)
    cats = f.categories(world.program)
    feelings = f.theme(world.program, "Feelings toward the patient", cats["Balint process"], "#2f6f73")
    contracts = f.theme(world.program, "Narcotic contracts", cats["Professional development"], "#e9a23b")
    first = f.source(
        world.program,
        group,
        datetime.date(2024, 2, 13),
        RITA_QUOTE + "\n\nThe group suggested a narcotic contract and a clear plan.",
    )
    second = f.source(
        world.program,
        group,
        datetime.date(2024, 8, 13),
        "The resident wondered how lonely the patient must be.\n\nSupervision feedback felt harsh.",
        kind=Source.Kind.TRANSCRIPT,
    )
    f.code(first, feelings, world.leader, RITA_QUOTE, Coding.Perspective.RESIDENT)
    f.code(first, feelings, world.co_leader, RITA_QUOTE, Coding.Perspective.RESIDENT)
    f.code(first, contracts, world.leader, "The group suggested a narcotic contract and a clear plan.")
    f.code(
        second,
        feelings,
        world.leader,
        "The resident wondered how lonely the patient must be.",
        Coding.Perspective.PATIENT,
    )
    f.code(second, contracts, world.co_leader, "Supervision feedback felt harsh.", Coding.Perspective.BOTH)
    return Evaluation(residents=residents, meetings=meetings)
