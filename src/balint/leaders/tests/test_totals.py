"""The log's sums per day come from the database and equal the sums of the whole log read row by row."""

import datetime
import random
from decimal import Decimal

import pytest
from django.urls import reverse

from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.progress import LeaderLog, LedSession, LogTotals, evaluate, path_progress, totals_of
from balint.leaders.selectors import log_page, log_totals, progress_for, shared_summaries
from balint.meetings.models import Meeting
from balint.programs.models import Group, Program

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
TODAY = D(2026, 6, 30)
KINDS = [kind for kind, _ in Requirement.Kind.choices if kind != "attestation"]


def held(group, starts_at, minutes, **fields):
    return Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        status=fields.pop("status", Meeting.Status.HELD),
        **fields,
    )


def varied_log(world, seed=7):
    """Two programs in zones far apart, sessions near midnight, odd lengths, debriefs, every kind of entry."""
    rng = random.Random(seed)
    far = Program.objects.create(name="Far East FM", slug="far", institution="Far", time_zone="Asia/Tokyo")
    far_group = Group.objects.create(program=far, name="Tokyo group")
    far_group.leaders.set([world.leader])
    groups = [world.group, far_group]
    start = datetime.datetime(2024, 11, 1, tzinfo=UTC)
    for index in range(160):
        when = start + datetime.timedelta(days=rng.randrange(600), hours=rng.choice([0, 3, 14, 15, 23]))
        when += datetime.timedelta(minutes=rng.choice([0, 30, 45]))
        minutes = rng.choice([45, 60, 90, 90, 50.5, 100])  # 50.5: a session of 50 minutes and 30 seconds
        status = Meeting.Status.CANCELLED if index % 13 == 0 else Meeting.Status.HELD
        meeting = held(groups[index % 2], when, minutes, status=status)
        if index % 3 == 0:
            Debrief.objects.create(author=world.leader, meeting=meeting, reflection="Went well.")
        if index % 4 == 0:
            Debrief.objects.create(author=world.co_leader, meeting=meeting, reflection="Not the leader's.")
    # Someone else's group, same days: never counted.
    held(world.outsider_group, start + datetime.timedelta(days=10), 60)
    for _ in range(12):
        day = D(2025, 1, 1) + datetime.timedelta(days=rng.randrange(500))
        SessionElsewhere.objects.create(
            leader=world.leader, held_on=day, setting="Clinic", minutes=rng.choice([15, 40, 90])
        )
    SessionElsewhere.objects.create(leader=world.leader, held_on=D(2025, 3, 4), setting="Clinic", minutes=60)
    for index in range(10):
        starts = D(2024, 12, 20) + datetime.timedelta(days=rng.randrange(400))
        TrainingEvent.objects.create(
            leader=world.leader,
            kind=rng.choice(["intensive", "workshop", "conference"]),
            title=f"Training {index}",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=2) if index % 2 else None,
            hours=rng.choice([Decimal("0.25"), Decimal("1.5"), Decimal("7.75"), Decimal("24")]),
        )
    for _ in range(8):
        SupervisionSession.objects.create(
            leader=world.leader,
            held_on=D(2025, 1, 5) + datetime.timedelta(days=rng.randrange(300) // 2 * 2),
            supervisor="Dr Sup",
            hours=rng.choice([Decimal("0.5"), Decimal("1"), Decimal("1.25")]),
        )
    path = CertificationPath.objects.create(name="Every kind", body="Test", program=world.program)
    position = 0
    for kind in KINDS:
        for minimum, extra in [
            ("3", {}),
            ("40.5", {"counts_before_start": True}),
            ("12", {"within_months": 9, "per_month": 2}),
            ("70", {"training_kind": "workshop"}),
            ("9999", {}),
        ]:
            if kind == "debrief_percent":
                minimum = min(Decimal(minimum), Decimal(100))
            position += 1
            Requirement.objects.create(
                path=path, kind=kind, label=f"{kind} {minimum}", minimum=minimum, position=position, **extra
            )
    return FollowedPath.objects.create(leader=world.leader, path=path, started_on=D(2025, 2, 1))


def test_the_database_sums_equal_the_sums_of_the_whole_log(world):
    followed = varied_log(world)
    log = log_page(person=world.leader).log
    totals = log_totals(person=world.leader)
    assert totals == totals_of(log)
    assert sum(day.sessions for day in totals.sessions) == len(log.sessions) == 147 + 1 + 13
    assert sum(day.debriefed for day in totals.sessions) > 0
    for today in (D(2025, 5, 1), TODAY):
        from_sql = path_progress(followed, totals, today)
        from_log = path_progress(followed, log, today)
        assert from_sql.items == from_log.items
        assert from_sql.projected_on == from_log.projected_on
    amounts = {item.requirement.label: item.amount for item in path_progress(followed, totals, TODAY).items}
    assert amounts["sessions_count 3"] > 0 and amounts["training_hours 70"] > 0


def test_a_day_is_the_sessions_day_in_its_programs_zone(world):
    far = Program.objects.create(name="Far", slug="far", institution="Far", time_zone="Asia/Tokyo")
    far_group = Group.objects.create(program=far, name="Tokyo group")
    far_group.leaders.set([world.leader])
    Meeting.objects.filter(group=world.group).delete()
    # 20:00 UTC on 3 March: 15:00 in New York, 05:00 on 4 March in Tokyo.
    when = datetime.datetime(2025, 3, 3, 20, tzinfo=UTC)
    held(world.group, when, 90)
    held(far_group, when, 50.5)
    totals = log_totals(person=world.leader)
    assert [(d.day, d.sessions, d.minutes) for d in totals.sessions] == [
        (D(2025, 3, 3), 1, 90),
        (D(2025, 3, 4), 1, 50),
    ]


def test_session_hours_reach_a_minimum_exactly(world):
    """Three sessions of 20 minutes make an hour, met on the third day (thirds of an hour missed it)."""
    path = CertificationPath.objects.create(name="Hours", body="Test", program=world.program)
    followed = FollowedPath.objects.create(leader=world.leader, path=path, started_on=D(2025, 1, 1))
    requirement = Requirement.objects.create(path=path, kind="sessions_hours", label="1 hour", minimum=1)
    sessions = [
        LedSession(day=D(2025, 1, d), minutes=20, group="G", program="P", co_leaders=(), debriefed=False,
                   in_workspace=True)
        for d in (2, 3, 4)
    ]  # fmt: skip
    result = evaluate(requirement, followed, LeaderLog(sessions=sessions), TODAY, set())
    assert result.met and result.amount == 1 and result.met_on == D(2025, 1, 4)


def test_an_empty_log_has_empty_sums(world):
    Meeting.objects.all().delete()
    assert log_totals(person=world.resident) == LogTotals()
    assert log_totals(person=world.leader) == LogTotals()


def test_progress_costs_a_fixed_number_of_queries_however_long_the_log(world, django_assert_max_num_queries):
    followed = varied_log(world)
    with django_assert_max_num_queries(9):
        (progress,) = progress_for(person=world.leader, today=TODAY)
    assert progress.followed == followed and len(progress.items) == len(KINDS) * 5
    start = datetime.datetime(2023, 1, 1, tzinfo=UTC)
    for week in range(200):
        held(world.group, start + datetime.timedelta(weeks=week), 90)
    with django_assert_max_num_queries(9):
        progress_for(person=world.leader, today=TODAY)
    FollowedPath.objects.filter(pk=followed.pk).update(shared=True)
    with django_assert_max_num_queries(12):
        (summary,) = shared_summaries(program=world.program, today=TODAY)
    assert summary.progress.items == path_progress(followed, log_page(person=world.leader).log, TODAY).items


def test_the_home_card_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    varied_log(world)
    client.force_login(world.leader.user)
    url = reverse("leaders:home_panel")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        first = client.get(url)
    start = datetime.datetime(2023, 1, 1, tzinfo=UTC)
    for week in range(200):
        held(world.group, start + datetime.timedelta(weeks=week), 90)
    with django_assert_max_num_queries(len(few)):
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "Every kind" in second.content.decode()
