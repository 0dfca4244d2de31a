"""Requirement evaluation over edge cases: windows, spans, partial hours, events outside the window."""

import datetime
from decimal import Decimal

import pytest

from balint.leaders.models import CertificationPath, FollowedPath, Requirement
from balint.leaders.progress import (
    LeaderLog,
    LedSession,
    Supervision,
    Training,
    add_months,
    calendar_months,
    evaluate,
    path_progress,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 30)


def session(day, minutes=60, debriefed=False, in_workspace=True):
    return LedSession(
        day=day,
        minutes=minutes,
        group="G",
        program="P",
        co_leaders=(),
        debriefed=debriefed,
        in_workspace=in_workspace,
    )


@pytest.fixture
def followed(world):
    path = CertificationPath.objects.create(name="Test path", body="Test", program=world.program)
    return FollowedPath.objects.create(leader=world.leader, path=path, started_on=D(2025, 1, 1))


def req(followed, kind, minimum, **extra):
    return Requirement.objects.create(
        path=followed.path, kind=kind, label=kind, minimum=Decimal(minimum), **extra
    )


def run(followed, requirement, log, today=TODAY, confirmed=()):
    return evaluate(requirement, followed, log, today, set(confirmed))


def test_it_counts_sessions_and_dates_when_the_count_was_met(followed):
    log = LeaderLog(sessions=[session(D(2025, 2, 4)), session(D(2025, 3, 4)), session(D(2025, 4, 1))])
    result = run(followed, req(followed, "sessions_count", 2), log)
    assert result.met and result.amount == 2 + 1 and result.met_on == D(2025, 3, 4)


def test_it_ignores_sessions_before_the_start_unless_the_requirement_allows_them(followed):
    log = LeaderLog(sessions=[session(D(2024, 12, 31)), session(D(2025, 1, 1))])
    assert run(followed, req(followed, "sessions_count", 2), log).amount == 1
    assert run(followed, req(followed, "sessions_count", 2, counts_before_start=True), log).amount == 2


def test_it_ignores_entries_after_today(followed):
    log = LeaderLog(
        supervision=[Supervision(D(2026, 6, 30), Decimal(1)), Supervision(D(2026, 7, 1), Decimal(1))]
    )
    assert run(followed, req(followed, "supervision_count", 2), log).amount == 1


def test_it_closes_the_window_after_within_months(followed):
    requirement = req(followed, "supervision_count", 2, within_months=12)
    log = LeaderLog(
        supervision=[Supervision(D(2025, 12, 31), Decimal(1)), Supervision(D(2026, 1, 1), Decimal(1))]
    )
    result = run(followed, requirement, log)
    assert result.amount == 1 and not result.met
    assert result.deadline == D(2025, 12, 31)
    # One session in a year: the second would come after the window closed.
    assert result.projected_on > result.deadline and result.late


def test_it_adds_partial_hours_exactly(followed):
    log = LeaderLog(sessions=[session(D(2025, 2, 4), minutes=45), session(D(2025, 2, 11), minutes=50)])
    result = run(followed, req(followed, "sessions_hours", "1.58"), log)
    assert result.amount == Decimal("1.58") and result.met and result.met_on == D(2025, 2, 11)
    assert not run(followed, req(followed, "sessions_hours", "1.59"), log).met


def test_it_counts_a_training_event_on_its_last_day(followed):
    log = LeaderLog(training=[Training(D(2024, 12, 29), "intensive", Decimal(24))])
    assert run(followed, req(followed, "training_count", 1, training_kind="intensive"), log).amount == 0
    late_ending = LeaderLog(training=[Training(D(2025, 1, 2), "intensive", Decimal(24))])
    assert run(followed, req(followed, "training_count", 1, training_kind="intensive"), late_ending).met


def test_it_counts_only_the_training_kind_asked_for(followed):
    log = LeaderLog(
        training=[
            Training(D(2025, 3, 1), "workshop", Decimal(6)),
            Training(D(2025, 4, 1), "intensive", Decimal("24.5")),
        ]
    )
    assert run(
        followed, req(followed, "training_hours", 30, training_kind="intensive"), log
    ).amount == Decimal("24.5")
    assert run(followed, req(followed, "training_hours", 30), log).amount == Decimal("30.5")


def test_it_counts_months_with_enough_sessions(followed):
    log = LeaderLog(
        sessions=[
            session(D(2025, 1, 7)),
            session(D(2025, 1, 14)),
            session(D(2025, 2, 4)),
            session(D(2025, 3, 4)),
            session(D(2025, 3, 11)),
        ]
    )
    assert run(followed, req(followed, "regular_months", 3), log).amount == 3
    twice = run(followed, req(followed, "regular_months", 2, per_month=2), log)
    assert twice.amount == 2 and twice.met_on == D(2025, 3, 11)


def test_it_measures_the_span_in_calendar_months_both_ends_counted(followed):
    assert calendar_months(D(2025, 1, 31), D(2026, 12, 1)) == 24
    log = LeaderLog(sessions=[session(D(2025, 1, 31)), session(D(2026, 6, 2))])
    result = run(followed, req(followed, "span_months", 24), log, today=D(2026, 6, 30))
    assert result.amount == 18 and not result.met
    assert result.projected_on == D(2026, 12, 1)  # a session in December 2026 completes the span
    log.sessions.append(session(D(2026, 12, 1)))
    done = run(followed, req(followed, "span_months", 24), log, today=D(2027, 1, 5))
    assert done.met and done.met_on == D(2026, 12, 1)


def test_it_computes_the_debrief_share_over_workspace_sessions_only(followed):
    log = LeaderLog(
        sessions=[
            session(D(2025, 2, 4), debriefed=True),
            session(D(2025, 2, 11)),
            session(D(2025, 2, 12), in_workspace=False),
        ]
    )
    result = run(followed, req(followed, "debrief_percent", 50), log)
    assert result.amount == Decimal("50.00") and result.met
    assert not run(followed, req(followed, "debrief_percent", 100), log).met
    assert not run(followed, req(followed, "debrief_percent", 50), LeaderLog()).met


def test_it_takes_a_condition_as_met_only_when_confirmed(followed):
    condition = req(followed, "attestation", 1)
    assert not run(followed, condition, LeaderLog()).met
    assert run(followed, condition, LeaderLog(), confirmed=[condition.pk]).met


def test_it_projects_from_the_pace_since_the_start(followed):
    # Three supervision sessions in the first 181 days: three more take about as long again.
    log = LeaderLog(supervision=[Supervision(D(2025, m, 1), Decimal(1)) for m in (2, 4, 6)])
    result = run(followed, req(followed, "supervision_count", 6), log, today=D(2025, 7, 1))
    assert result.projected_on == D(2025, 7, 1) + datetime.timedelta(days=181)
    assert run(followed, req(followed, "supervision_count", 6), LeaderLog()).projected_on is None


def test_it_sums_the_path_and_ignores_recommendations_for_completion(followed):
    req(followed, "sessions_count", 1)
    req(followed, "debrief_percent", 100, required=False)
    progress = path_progress(followed, LeaderLog(sessions=[session(D(2025, 2, 4))]), TODAY)
    assert progress.complete and progress.met_count == 1 and len(progress.items) == 2
    assert progress.projected_on is None


def test_it_projects_the_whole_path_from_its_slowest_requirement(followed):
    req(followed, "sessions_count", 4)
    req(followed, "supervision_count", 4)
    log = LeaderLog(
        sessions=[session(D(2025, 1, 1 + i)) for i in range(3)],
        supervision=[Supervision(D(2025, 3, 1), Decimal(1))],
    )
    progress = path_progress(followed, log, D(2025, 7, 1))
    assert progress.projected_on == max(i.projected_on for i in progress.items)
    followed.target_on = D(2025, 8, 1)
    assert progress.behind_target


def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 12, 15), 14) == D(2026, 2, 15)
