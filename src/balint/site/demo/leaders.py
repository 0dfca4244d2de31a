"""Demo extension: two years of leadership history for the two demo leaders.

Both co-led a community clinic group from July 2024 before the demo group began (entered by hand as
sessions led elsewhere), so with the demo's eighteen months of sessions each has 24 months of
leading. The family physician follows the ready-made path and is close to meeting it (one intensive
and two supervision sessions short); the psychologist is further along the program's own path.
Everything is fixed: dates are constants and text is drawn from `world.rng`.
"""

import datetime
from decimal import Decimal

from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.services import builtin_paths_load, path_create
from balint.site.demo.world import DemoWorld

ELSEWHERE = "Northside Community Health Center clinician group"
SUPERVISOR = "Dr. Helen Marsh (fictional supervisor)"
PEER_GROUP = "Regional Balint leaders' peer supervision group"

# Months of 2024 in which the two leaders co-led the clinic group, on the second Thursday.
ELSEWHERE_MONTHS = [(2024, month) for month in range(7, 13)]

TRAINING = {
    "leader": [
        (
            "intensive",
            "Balint leadership intensive (four days)",
            "A regional Balint society",
            (2023, 11, 9),
            4,
            "24",
        ),
        (
            "intensive",
            "Balint leadership intensive (four days)",
            "A regional Balint society",
            (2024, 10, 17),
            4,
            "24",
        ),
        (
            "workshop",
            "Preconference workshop: leading Balint groups for residents",
            "Family medicine conference",
            (2025, 4, 30),
            1,
            "6",
        ),
        ("conference", "National Balint conference", "A national Balint society", (2025, 10, 2), 3, "14"),
    ],
    "psychologist": [
        (
            "intensive",
            "Balint leadership intensive (four days)",
            "A regional Balint society",
            (2024, 3, 14),
            4,
            "24",
        ),
        (
            "workshop",
            "Preconference workshop: leading Balint groups for residents",
            "Family medicine conference",
            (2025, 4, 30),
            1,
            "6",
        ),
    ],
}
# Supervision days: the physician every two months or so (ten sessions), the psychologist less often.
SUPERVISION = {
    "leader": [
        (2024, 9, 12),
        (2024, 11, 14),
        (2025, 1, 16),
        (2025, 3, 20),
        (2025, 5, 15),
        (2025, 7, 17),
        (2025, 9, 18),
        (2025, 11, 20),
        (2026, 1, 15),
        (2026, 4, 16),
    ],
    "psychologist": [(2024, 10, 10), (2025, 2, 13), (2025, 6, 12), (2025, 11, 13), (2026, 3, 12)],
}
REFLECTIONS = [
    "The group went quiet after the presentation and I rushed to fill the silence. Next time, wait longer.",
    "We disagreed afterwards about stopping the problem solving so early; we agreed to flag it together "
    "next time rather than one of us cutting in.",
    "The presenter looked relieved at the end. I noticed my own irritation with the patient and kept it out "
    "of the room, which I think was right.",
    "Two latecomers joined to listen; the group held the frame well. My co-leader's question about the "
    "doctor's feelings opened the second half.",
    "I talked too much in the first ten minutes. The group did better work once I sat back.",
    "A heavy case about a death. We checked in with each other afterwards and agreed to follow up with the "
    "presenter informally.",
    "The group played with the case and laughed; good energy, and the patient's voice still came through.",
]


def _day(parts: tuple[int, int, int]) -> datetime.date:
    return datetime.date(*parts)


def _second_thursday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 7)


def _program_path(world: DemoWorld) -> CertificationPath:
    """The demo program's own path, defined by its administrator."""

    def requirement(kind: str, label: str, minimum: str, **extra: object) -> dict:
        return {"kind": kind, "label": label, "minimum": Decimal(minimum), **extra}

    return path_create(
        program=world.program,
        created_by=world.admin,
        data={
            "name": "Riverside faculty Balint leader standard",
            "body": "Riverside Regional Medical Center, Graduate Medical Education",
            "description": "The residency's own expectation for faculty who co-lead its Balint groups "
            "(fictional, for the demo).",
            "source_url": "",
        },
        requirements=[
            requirement(Requirement.Kind.SESSIONS_COUNT, "Co-lead at least 30 sessions", "30"),
            requirement(Requirement.Kind.SESSIONS_HOURS, "At least 30 hours of sessions led", "30"),
            requirement(
                Requirement.Kind.TRAINING_COUNT,
                "At least one workshop on leading groups",
                "1",
                training_kind=TrainingEvent.Kind.WORKSHOP,
                counts_before_start=True,
            ),
            requirement(
                Requirement.Kind.SUPERVISION_HOURS,
                "Six hours of supervision in the first two years",
                "6",
                within_months=24,
            ),
            requirement(Requirement.Kind.DEBRIEF_PERCENT, "A debrief after at least half the sessions", "50"),
        ],
    )


def extend(world: DemoWorld) -> None:
    """Add the two leaders' training, supervision, earlier sessions, a few debriefs and followed paths."""
    builtin_paths_load()
    ready_made = CertificationPath.objects.get(key="abs-leader")
    own_path = _program_path(world)
    physician, psychologist = world.leaders
    people = {"leader": physician, "psychologist": psychologist}

    elsewhere = []
    for year, month in ELSEWHERE_MONTHS:
        day = _second_thursday(year, month)
        elsewhere.append(
            SessionElsewhere(
                leader=physician, held_on=day, setting=ELSEWHERE, minutes=75, co_leader=psychologist.full_name
            )
        )
        elsewhere.append(
            SessionElsewhere(
                leader=psychologist, held_on=day, setting=ELSEWHERE, minutes=75, co_leader=physician.full_name
            )
        )
    SessionElsewhere.objects.bulk_create(elsewhere)

    training = []
    for name, rows in TRAINING.items():
        for kind, title, organizer, start, days, hours in rows:
            starts_on = _day(start)
            training.append(
                TrainingEvent(
                    leader=people[name],
                    kind=kind,
                    title=title,
                    organizer=organizer,
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=days - 1) if days > 1 else None,
                    hours=Decimal(hours),
                )
            )
    TrainingEvent.objects.bulk_create(training)

    supervision = []
    for name, days in SUPERVISION.items():
        for parts in days:
            day = _day(parts)
            in_group = day >= world.history_start
            supervision.append(
                SupervisionSession(
                    leader=people[name],
                    held_on=day,
                    supervisor=SUPERVISOR if name == "leader" else PEER_GROUP,
                    group=world.group if in_group else None,
                    group_elsewhere="" if in_group else ELSEWHERE,
                    hours=Decimal("1") if name == "leader" else Decimal("1.5"),
                    recorded=name == "leader",
                )
            )
    SupervisionSession.objects.bulk_create(supervision)

    # A few debriefs on the first group's last sessions: five by the physician, three by the psychologist.
    held = [m for m in world.held_meetings if m.group_id == world.group.pk]
    debriefs = []
    for author, meetings in ((physician, held[-5:]), (psychologist, held[-3:])):
        for meeting in meetings:
            debriefs.append(
                Debrief(
                    author=author,
                    meeting=meeting,
                    with_co_leader=True,
                    reflection=world.rng.choice(REFLECTIONS),
                )
            )
    Debrief.objects.bulk_create(debriefs)

    followed = FollowedPath.objects.create(
        leader=physician,
        path=ready_made,
        started_on=datetime.date(2024, 7, 1),
        target_on=datetime.date(2027, 6, 30),
        shared=True,
    )
    followed.confirmed.set(ready_made.requirements.filter(kind=Requirement.Kind.ATTESTATION))
    FollowedPath.objects.create(leader=psychologist, path=ready_made, started_on=datetime.date(2024, 7, 1))
    FollowedPath.objects.create(
        leader=psychologist, path=own_path, started_on=world.history_start, shared=True
    )
