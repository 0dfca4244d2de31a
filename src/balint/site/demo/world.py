"""What the demo builds, handed to each extension, and the summary the command prints."""

import datetime
import random
from dataclasses import dataclass, field

from balint.meetings.models import Meeting
from balint.programs.models import Cohort, Group, Person, Program


@dataclass
class DemoWorld:
    """The base demo program, for extensions (`extend(world)`) to build on."""

    program: Program
    cohorts: list[Cohort]
    groups: list[Group]
    admin: Person
    leaders: list[Person]  # [family physician, psychologist]; they co-lead every group
    residents: list[Person]  # every group's residents, group by group; residents[0] logs in as `resident`
    residents_by_group: dict[int, list[Person]]  # group pk → its eleven residents
    transcriber: Person
    analyst: Person
    meetings: list[Meeting]  # every session of every group, by group then start
    rng: random.Random  # fixed seed: extensions draw from it in a fixed order
    history_start: datetime.date
    history_end: datetime.date
    flexible_from: datetime.date
    late_from: datetime.date
    today: datetime.date  # the load date: only the upcoming sessions depend on it
    password: str
    scale: int = 1
    extensions: list[str] = field(default_factory=list)

    @property
    def group(self) -> Group:
        return self.groups[0]

    @property
    def held_meetings(self) -> list[Meeting]:
        return [meeting for meeting in self.meetings if meeting.status == Meeting.Status.HELD]

    @property
    def upcoming_meetings(self) -> list[Meeting]:
        return [meeting for meeting in self.meetings if meeting.status == Meeting.Status.SCHEDULED]


@dataclass(frozen=True)
class DemoSummary:
    """Counts of what one demo load created."""

    slug: str
    groups: int
    people: int
    held: int
    cancelled: int
    scheduled: int
    attendances: int
    notes: int
    extensions: tuple[str, ...] = ()

    def __str__(self) -> str:
        loaded = f"; extensions: {', '.join(self.extensions)}" if self.extensions else ""
        return (
            f"Loaded the demo program '{self.slug}': {self.groups} group(s), {self.people} people, "
            f"{self.held} held, {self.cancelled} cancelled and {self.scheduled} upcoming sessions, "
            f"{self.attendances} attendance records, {self.notes} notes{loaded}."
        )
