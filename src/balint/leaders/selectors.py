"""Reads for a leader's log and paths, each a fixed number of queries whatever the size of the log."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
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
from balint.leaders.progress import (
    LeaderLog,
    LedSession,
    LogTotals,
    PathProgress,
    SessionDay,
    Supervision,
    SupervisionDay,
    Training,
    TrainingDay,
    path_progress,
)
from balint.meetings.models import Meeting
from balint.programs.models import Group, Membership, Person, Program, Role


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


def log_totals(*, person: Person) -> LogTotals:
    """The person's log summed per day in the database (five queries, a few rows a day however long the log).

    Equal to `progress.totals_of(log_page(person=person).log)`; a session's day is its day in its program's
    zone.
    """
    groups = Group.objects.filter(leaders=person)
    zones = sorted(set(Program.objects.filter(groups__in=groups).values_list("time_zone", flat=True)))
    whens = [
        When(group__program__time_zone=z, then=TruncDate("starts_at", tzinfo=ZoneInfo(z))) for z in zones
    ]
    debriefed = Exists(Debrief.objects.filter(author=person, meeting=OuterRef("pk")))
    # Grouped by length too, so each session's minutes are rounded down on their own, as in the log.
    rows = (
        Meeting.objects.filter(status=Meeting.Status.HELD, group__in=groups)
        .annotate(
            day=Case(*whens),
            length=ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()),
        )
        .values("day", "length")
        .annotate(sessions=Count("pk"), debriefed=Count("pk", filter=Q(debriefed)))
        .order_by()
    )
    sessions: dict[datetime.date, list[int]] = {}
    for row in rows if zones else []:
        totals = sessions.setdefault(row["day"], [0, 0, 0, 0])
        minutes = int(row["length"].total_seconds() // 60)
        totals[0] += row["sessions"]
        totals[1] += minutes * row["sessions"]
        totals[2] += row["sessions"]
        totals[3] += row["debriefed"]
    elsewhere = (
        SessionElsewhere.objects.filter(leader=person)
        .values("held_on")
        .annotate(sessions=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    )
    for row in elsewhere:
        totals = sessions.setdefault(row["held_on"], [0, 0, 0, 0])
        totals[0] += row["sessions"]
        totals[1] += row["minutes"]
    training = (
        TrainingEvent.objects.filter(leader=person)
        .annotate(day=Coalesce("ends_on", "starts_on"))
        .values("day", "kind")
        .annotate(events=Count("pk"), total=Sum("hours"))
        .order_by("day", "kind")
    )
    supervision = (
        SupervisionSession.objects.filter(leader=person)
        .values("held_on")
        .annotate(sessions=Count("pk"), total=Sum("hours"))
        .order_by("held_on")
    )
    return LogTotals(
        sessions=tuple(SessionDay(day, *sessions[day]) for day in sorted(sessions)),
        training=tuple(TrainingDay(r["day"], r["kind"], r["events"], Decimal(r["total"])) for r in training),
        supervision=tuple(
            SupervisionDay(r["held_on"], r["sessions"], Decimal(r["total"])) for r in supervision
        ),
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
    """Progress on every path the person follows, from the log's sums per day (nine queries)."""
    today = today or timezone.localdate()
    followed = list(followed_paths(person=person))
    totals = log_totals(person=person) if followed else LogTotals()
    return [path_progress(item, totals, today) for item in followed]


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
    logs: dict[int, LogTotals] = {}
    summaries = []
    for item in followed:
        if item.leader_id not in logs:
            logs[item.leader_id] = log_totals(person=item.leader)
        summaries.append(
            SharedSummary(leader=item.leader, progress=path_progress(item, logs[item.leader_id], today))
        )
    return summaries
