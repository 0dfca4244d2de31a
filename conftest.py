"""Personas shared by every test: one program with each role, plus an outsider from another program."""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import timezone, translation

from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Cohort, Group, GroupPolicy, Person, Program, Role
from balint.programs.services import membership_grant, person_create

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    """A small program with one person per role, one group and two sessions, and another program."""

    program: Program
    cohort: Cohort
    administrator: Person
    leader: Person
    co_leader: Person
    resident: Person
    other_resident: Person
    transcriber: Person
    analyst: Person
    group: Group
    past_meeting: Meeting
    next_meeting: Meeting
    other_program: Program
    outsider: Person
    outsider_group: Group
    outsider_meeting: Meeting

    def persona(self, name: str) -> Person | None:
        return None if name == "anonymous" else getattr(self, name)


def make_person(program: Program, username: str, role: str, full_name: str, **kwargs) -> Person:
    return person_create(
        program=program,
        full_name=full_name,
        email=f"{username}@example.org",
        username=username,
        role=role,
        password=PASSWORD,
        **kwargs,
    )


def make_meeting(group: Group, when: datetime.datetime, **fields) -> Meeting:
    return Meeting.objects.create(
        group=group, starts_at=when, ends_at=when + datetime.timedelta(hours=1), **fields
    )


@pytest.fixture(autouse=True)
def _language_reset():
    """A request leaves its language active in the test's thread: each test starts and ends in the default."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db) -> World:
    program = Program.objects.create(
        name="Lakeside FM Residency", slug="lakeside", institution="Lakeside Health"
    )
    cohort = Cohort.objects.create(program=program, name="Class of 2027", entry_year=2024)
    administrator = make_person(program, "admin1", Role.ADMIN, "Ada Admin")
    leader = make_person(program, "leader1", Role.LEADER, "Lee Leader")
    co_leader = make_person(program, "leader2", Role.LEADER, "Cora Coleader")
    resident = make_person(program, "resident1", Role.RESIDENT, "Rita Resident", cohort=cohort)
    other_resident = make_person(program, "resident2", Role.RESIDENT, "Remy Resident", cohort=cohort)
    transcriber = make_person(program, "transcriber1", Role.TRANSCRIBER, "Tess Transcriber")
    analyst = make_person(program, "analyst1", Role.ANALYST, "Ana Analyst")
    group = Group.objects.create(program=program, name="Tuesday group")
    group.leaders.set([leader, co_leader])
    group.members.set([resident, other_resident])
    GroupPolicy.objects.create(
        group=group,
        effective_from=datetime.date(2024, 7, 1),
        format=GroupPolicy.Format.FLEXIBLE,
        latecomers=GroupPolicy.Latecomers.LISTEN_ONLY,
        problem_solving_allowed=True,
        focus_chosen_by=GroupPolicy.FocusChooser.RESIDENTS,
    )
    now = timezone.now().replace(microsecond=0)
    past = make_meeting(
        group,
        now - datetime.timedelta(days=7),
        status=Meeting.Status.HELD,
        focus=Meeting.Focus.BALINT_CASE,
        focus_title="A patient who keeps asking for more pain medicine",
        presenter=resident,
    )
    Attendance.objects.create(meeting=past, person=resident, status=Attendance.Status.ON_TIME)
    Attendance.objects.create(
        meeting=past,
        person=other_resident,
        status=Attendance.Status.LATE,
        reason=Attendance.Reason.CLINIC_LATE,
    )
    MeetingNote.objects.create(
        meeting=past, content="The group explored frustration.", process="Quiet start."
    )
    upcoming = make_meeting(group, now + datetime.timedelta(days=7))

    other_program = Program.objects.create(name="Hillcrest IM", slug="hillcrest", institution="Hillcrest")
    outsider = make_person(other_program, "outsider1", Role.LEADER, "Otto Outsider")
    membership_grant(program=other_program, person=outsider, role=Role.ADMIN)
    membership_grant(program=other_program, person=outsider, role=Role.ANALYST)
    outsider_group = Group.objects.create(program=other_program, name="Hillcrest group")
    outsider_group.leaders.set([outsider])
    GroupPolicy.objects.create(group=outsider_group, effective_from=datetime.date(2024, 7, 1))
    outsider_meeting = make_meeting(
        outsider_group, now - datetime.timedelta(days=3), status=Meeting.Status.HELD
    )
    MeetingNote.objects.create(meeting=outsider_meeting, content="Hillcrest secret note.")
    return World(
        program=program,
        cohort=cohort,
        administrator=administrator,
        leader=leader,
        co_leader=co_leader,
        resident=resident,
        other_resident=other_resident,
        transcriber=transcriber,
        analyst=analyst,
        group=group,
        past_meeting=past,
        next_meeting=upcoming,
        other_program=other_program,
        outsider=outsider,
        outsider_group=outsider_group,
        outsider_meeting=outsider_meeting,
    )


@pytest.fixture
def administrator(world: World) -> Person:
    return world.administrator


@pytest.fixture
def leader(world: World) -> Person:
    return world.leader


@pytest.fixture
def resident(world: World) -> Person:
    return world.resident


@pytest.fixture
def transcriber(world: World) -> Person:
    return world.transcriber


@pytest.fixture
def analyst(world: World) -> Person:
    return world.analyst


@pytest.fixture
def outsider(world: World) -> Person:
    return world.outsider


@pytest.fixture
def program(world: World) -> Program:
    return world.program


@pytest.fixture
def group(world: World) -> Group:
    return world.group


@pytest.fixture
def meeting(world: World) -> Meeting:
    return world.past_meeting
