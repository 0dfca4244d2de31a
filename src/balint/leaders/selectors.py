"""Reads for a leader's log and paths, each a fixed number of queries whatever the size of the log."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.progress import LeaderLog, LedSession, PathProgress, Supervision, Training, path_progress
from balint.meetings.models import Meeting
from balint.programs.models import Membership, Person, Program, Role


def sessions_led(*, person: Person) -> list[LedSession]:
    """Held sessions of the groups the person leads, newest first, read from the sessions (three queries)."""
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.HELD, group__leaders=person)
        .select_related("group__program")
        .prefetch_related("group__leaders")
        .order_by("-starts_at")
        .distinct()
    )
    debriefed = set(Debrief.objects.filter(author=person).values_list("meeting_id", flat=True))
    rows = []
    for meeting in meetings:
        zone = meeting.group.program.zone
        minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        rows.append(
            LedSession(
                day=meeting.starts_at.astimezone(zone).date(),
                minutes=minutes,
                group=meeting.group.name,
                program=meeting.group.program.name,
                co_leaders=tuple(p.full_name for p in meeting.group.leaders.all() if p.pk != person.pk),
                debriefed=meeting.pk in debriefed,
                in_workspace=True,
                code=str(meeting.code),
            )
        )
    return rows


def sessions_elsewhere(*, person: Person) -> QuerySet[SessionElsewhere]:
    return SessionElsewhere.objects.filter(leader=person)


def training_events(*, person: Person) -> QuerySet[TrainingEvent]:
    return TrainingEvent.objects.filter(leader=person)


def supervision_sessions(*, person: Person) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(leader=person).select_related("group")


def debriefs(*, person: Person) -> QuerySet[Debrief]:
    return Debrief.objects.filter(author=person).select_related("meeting__group__program")


@dataclass
class LogPage:
    """What the log page shows, and the log progress is computed from."""

    led: list[LedSession]
    elsewhere: list[SessionElsewhere]
    training: list[TrainingEvent]
    supervision: list[SupervisionSession]

    @property
    def log(self) -> LeaderLog:
        sessions = list(self.led) + [
            LedSession(
                day=row.held_on,
                minutes=row.minutes,
                group=row.setting,
                program="",
                co_leaders=(row.co_leader,) if row.co_leader else (),
                debriefed=False,
                in_workspace=False,
            )
            for row in self.elsewhere
        ]
        return LeaderLog(
            sessions=sessions,
            training=[Training(day=t.day, kind=t.kind, hours=t.hours) for t in self.training],
            supervision=[Supervision(day=s.held_on, hours=s.hours) for s in self.supervision],
        )

    @property
    def hours_led(self) -> float:
        return round(sum(s.minutes for s in self.log.sessions) / 60, 2)


def log_page(*, person: Person) -> LogPage:
    """The person's whole log (six queries)."""
    return LogPage(
        led=sessions_led(person=person),
        elsewhere=list(sessions_elsewhere(person=person)),
        training=list(training_events(person=person)),
        supervision=list(supervision_sessions(person=person)),
    )


def followed_paths(*, person: Person) -> QuerySet[FollowedPath]:
    return (
        FollowedPath.objects.filter(leader=person)
        .select_related("path__program")
        .prefetch_related(
            Prefetch("path__requirements", queryset=Requirement.objects.order_by("position", "pk")),
            "confirmed",
        )
    )


def progress_for(*, person: Person, today: datetime.date | None = None) -> list[PathProgress]:
    """Progress on every path the person follows (nine queries)."""
    today = today or timezone.localdate()
    log = log_page(person=person).log
    return [path_progress(followed, log, today) for followed in followed_paths(person=person)]


def paths_visible_to(*, person: Person) -> QuerySet[CertificationPath]:
    """Ready-made paths, and the paths of programs where the person leads or administers."""
    programs = Membership.objects.filter(
        person=person, active=True, role__in=[Role.ADMIN, Role.LEADER]
    ).values("program")
    return (
        CertificationPath.objects.filter(Q(program__isnull=True) | Q(program__in=programs))
        .select_related("program")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.order_by("position", "pk")))
    )


@dataclass(frozen=True)
class SharedSummary:
    leader: Person
    progress: PathProgress


def shared_summaries(*, program: Program, today: datetime.date | None = None) -> list[SharedSummary]:
    """Summaries the program's leaders chose to share; nothing else of their log leaves this function."""
    today = today or timezone.localdate()
    leaders = Person.objects.filter(
        memberships__program=program, memberships__role=Role.LEADER, memberships__active=True
    )
    followed = list(
        FollowedPath.objects.filter(shared=True, leader__in=leaders)
        .select_related("path", "leader")
        .prefetch_related(
            Prefetch("path__requirements", queryset=Requirement.objects.order_by("position", "pk")),
            "confirmed",
        )
        .order_by("leader__full_name", "path__name")
    )
    logs: dict[int, LeaderLog] = {}
    summaries = []
    for item in followed:
        if item.leader_id not in logs:
            logs[item.leader_id] = log_page(person=item.leader).log
        summaries.append(
            SharedSummary(leader=item.leader, progress=path_progress(item, logs[item.leader_id], today))
        )
    return summaries
