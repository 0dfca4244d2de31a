"""Log entries, debriefs and paths for tests, built on the root conftest's World."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.services import builtin_paths_load
from balint.programs.models import Person, Program


def ready_made() -> CertificationPath:
    """The ready-made path (loaded after migrate; loaded again here for tests that flush the database)."""
    path = CertificationPath.objects.filter(key="abs-leader").first()
    return path or next(p for p in builtin_paths_load() if p.key == "abs-leader")


def program_path(program: Program, created_by: Person, **fields) -> CertificationPath:
    path = CertificationPath.objects.create(
        program=program, created_by=created_by, name=fields.pop("name", "Our own path"), body="Lakeside GME"
    )
    Requirement.objects.create(
        path=path, kind=Requirement.Kind.SESSIONS_COUNT, label="Lead 2 sessions", minimum=2
    )
    Requirement.objects.create(
        path=path, kind=Requirement.Kind.SUPERVISION_COUNT, label="One supervision session", minimum=1
    )
    return path


def leader_entries(world) -> SimpleNamespace:
    """One of each of the world leader's entries, made once per world and cached on it."""
    if getattr(world, "_leaders", None) is None:
        leader = world.leader
        today = datetime.date.today()
        own = program_path(world.program, leader)
        world._leaders = SimpleNamespace(
            training=TrainingEvent.objects.create(
                leader=leader,
                kind="intensive",
                title="Intensive",
                starts_on=today - datetime.timedelta(days=90),
                hours=Decimal(24),
            ),
            supervision=SupervisionSession.objects.create(
                leader=leader,
                held_on=today - datetime.timedelta(days=10),
                supervisor="Dr Sup",
                group=world.group,
                hours=Decimal(1),
            ),
            elsewhere=SessionElsewhere.objects.create(
                leader=leader,
                held_on=today - datetime.timedelta(days=400),
                setting="Clinic group",
                minutes=60,
            ),
            debrief=Debrief.objects.create(
                author=leader, meeting=world.past_meeting, reflection="Private thought."
            ),
            program_path=own,
            followed=FollowedPath.objects.create(
                leader=leader, path=own, started_on=today - datetime.timedelta(days=365)
            ),
        )
    return world._leaders
