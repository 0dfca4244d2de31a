import datetime
import hashlib
import importlib.machinery
import re
import sys
import types
import zoneinfo

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from balint.core.errors import ApplicationError
from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Cohort, Group, GroupPolicy, Membership, Person, Program, Role
from balint.site import demo
from balint.site.demo import DemoWorld, demo_delete, demo_load, demo_logins, demo_needed, schedule

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# A simple identifier check: dates written with slashes, titled names, long digit runs.
IDENTIFIER = re.compile(r"\d+/\d+|\b(?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z]|\d{3,}")


def _row_counts() -> dict[str, int]:
    models = [Program, Cohort, Person, Membership, Group, GroupPolicy, Meeting, Attendance, MeetingNote]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["User"] = get_user_model().objects.count()
    return counts


def _digest() -> str:
    digest = hashlib.sha256()
    meetings = Meeting.objects.filter(group__program__slug="demo", status=Meeting.Status.HELD)
    for meeting in meetings.select_related("note", "presenter").order_by("starts_at"):
        parts = [meeting.starts_at.isoformat(), meeting.focus, meeting.focus_title, meeting.case_summary]
        parts += [
            meeting.presenter.full_name if meeting.presenter else "",
            meeting.note.content,
            meeting.note.process,
        ]
        digest.update("\x1f".join(parts).encode())
    for row in Attendance.objects.filter(meeting__group__program__slug="demo").order_by(
        "meeting__starts_at", "person__full_name"
    ):
        digest.update(f"{row.person.full_name}|{row.status}|{row.reason}|{row.latecomer_rule}".encode())
    return digest.hexdigest()


def test_it_loads_the_stated_program():
    assert demo_needed()

    summary = demo_load()

    assert not demo_needed()
    program = Program.objects.get(slug="demo")
    assert program.time_zone == "America/New_York"
    roles = dict.fromkeys(Role.values, 0)
    for role in Membership.objects.filter(program=program).values_list("role", flat=True):
        roles[role] += 1
    assert roles == {Role.ADMIN: 1, Role.LEADER: 2, Role.RESIDENT: 11, Role.TRANSCRIBER: 1, Role.ANALYST: 1}
    assert program.cohorts.count() == 2
    group = Group.objects.get(program=program)
    assert group.members.count() == 11 and group.leaders.count() == 2
    assert (summary.held, summary.cancelled, summary.scheduled) == (50, 4, 6)
    assert str(summary).startswith("Loaded the demo program 'demo'")


def test_it_changes_to_the_flexible_policy_three_months_in():
    demo_load()

    group = Group.objects.get(program__slug="demo")
    traditional, flexible = group.policies.order_by("effective_from")
    first = group.meetings.order_by("starts_at").first().local_start.date()
    assert traditional.effective_from <= first < traditional.effective_from + datetime.timedelta(days=7)
    assert flexible.effective_from == datetime.date(2025, 4, 1)
    assert (traditional.format, traditional.latecomers, traditional.problem_solving_allowed) == (
        GroupPolicy.Format.TRADITIONAL,
        GroupPolicy.Latecomers.EXCLUDED,
        False,
    )
    assert not traditional.residents_choose_focus
    assert (flexible.format, flexible.latecomers, flexible.problem_solving_allowed) == (
        GroupPolicy.Format.FLEXIBLE,
        GroupPolicy.Latecomers.LISTEN_ONLY,
        True,
    )
    assert flexible.residents_choose_focus
    before = group.meetings.filter(starts_at__date__lt=flexible.effective_from, status=Meeting.Status.HELD)
    assert set(before.values_list("focus", flat=True)) == {Meeting.Focus.BALINT_CASE}
    after = group.meetings.filter(starts_at__date__gte=flexible.effective_from, status=Meeting.Status.HELD)
    assert set(after.values_list("focus", flat=True)) == set(Meeting.Focus.values)


def test_it_records_every_held_session_in_full():
    demo_load()

    group = Group.objects.get(program__slug="demo")
    members = set(group.members.values_list("pk", flat=True))
    held = (
        group.meetings.filter(status=Meeting.Status.HELD)
        .select_related("note")
        .prefetch_related("attendances")
    )
    for meeting in held:
        assert meeting.focus and meeting.focus_title
        assert meeting.note.content.strip() and meeting.note.process.strip()
        assert {row.person_id for row in meeting.attendances.all()} == members
        if meeting.focus != Meeting.Focus.TOPIC:
            assert meeting.presenter_id in members and meeting.case_summary
    statuses = {
        status: Attendance.objects.filter(status=status).count() for status in Attendance.Status.values
    }
    assert statuses[Attendance.Status.ON_TIME] > statuses[Attendance.Status.LATE] > 0
    assert statuses[Attendance.Status.ABSENT] > 0
    assert not Attendance.objects.filter(status=Attendance.Status.ABSENT, reason="").exists()
    cancelled = group.meetings.filter(status=Meeting.Status.CANCELLED)
    assert all(meeting.cancel_reason for meeting in cancelled)
    assert not cancelled.filter(attendances__isnull=False).exists()


def test_it_drops_lateness_after_the_flexible_format():
    demo_load()

    late = Attendance.objects.filter(status=Attendance.Status.LATE)
    rows = Attendance.objects.all()
    traditional = (
        late.filter(latecomer_rule=GroupPolicy.Latecomers.EXCLUDED).count()
        / rows.filter(latecomer_rule=GroupPolicy.Latecomers.EXCLUDED).count()
    )
    flexible = (
        late.filter(latecomer_rule=GroupPolicy.Latecomers.LISTEN_ONLY).count()
        / rows.filter(latecomer_rule=GroupPolicy.Latecomers.LISTEN_ONLY).count()
    )
    assert flexible < traditional


def test_it_loads_identical_text_every_time():
    demo_load()
    first = _digest()
    notes = list(MeetingNote.objects.values_list("content", "process"))

    assert demo_delete()
    assert not Program.objects.exists() and not Person.objects.exists()
    demo_load()

    assert _digest() == first
    assert len({content for content, _ in notes}) == len(notes)
    assert len({process for _, process in notes}) == len(notes)


def test_it_keeps_patient_identifiers_out_of_the_text():
    demo_load()

    texts = list(MeetingNote.objects.values_list("content", "process"))
    texts += list(Meeting.objects.values_list("focus_title", "case_summary"))
    names = [person.full_name.split()[0] for person in Person.objects.all()]
    for pair in texts:
        for text in pair:
            assert not IDENTIFIER.search(text), text
            assert not any(re.search(rf"\b{name}\b", text) for name in names), text


def test_it_meets_at_half_past_twelve_on_both_sides_of_a_dst_change():
    demo_load()

    meetings = Meeting.objects.filter(group__program__slug="demo")
    # Daylight saving time began on 9 March 2025 and ended on 2 November 2025.
    for day, utc_hour in [((2025, 3, 4), 17), ((2025, 3, 11), 16), ((2025, 10, 14), 16), ((2025, 11, 4), 17)]:
        meeting = meetings.get(starts_at__date=datetime.date(*day))
        local = meeting.starts_at.astimezone(NEW_YORK)
        assert (local.hour, local.minute) == (12, 30)
        assert meeting.starts_at.astimezone(datetime.UTC).hour == utc_hour
        assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=1)


def test_it_schedules_the_upcoming_sessions_after_today_and_after_the_history():
    assert schedule.upcoming_days(datetime.date(2026, 11, 25)) == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 8),
        datetime.date(2026, 12, 22),
        datetime.date(2027, 1, 5),
        datetime.date(2027, 1, 12),
        datetime.date(2027, 1, 26),
    ]
    assert schedule.upcoming_days(datetime.date(2026, 3, 1))[0] == datetime.date(2026, 7, 7)
    demo_load()

    scheduled = Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
    now = datetime.datetime.now(datetime.UTC)
    assert scheduled.count() == 6 and all(meeting.starts_at > now for meeting in scheduled)
    assert not Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gt=now).exists()


def test_it_refuses_a_database_that_holds_a_program_and_changes_nothing():
    demo_load()
    before = _row_counts()

    with pytest.raises(CommandError, match="already holds a program"):
        call_command("demo")
    with pytest.raises(ApplicationError):
        demo_load()

    assert _row_counts() == before


def test_it_refuses_another_program_without_force():
    Program.objects.create(name="Other residency", slug="other", institution="Elsewhere")

    with pytest.raises(CommandError):
        call_command("demo")

    assert Program.objects.count() == 1


def test_it_replaces_the_demo_with_force_and_keeps_other_programs(capsys):
    demo_load()
    other = Program.objects.create(name="Other residency", slug="other", institution="Elsewhere")
    shared = Person.objects.get(user__username="analyst")
    Membership.objects.create(program=other, person=shared, role=Role.ANALYST)
    Meeting.objects.filter(group__program__slug="demo").update(focus_title="changed")
    before = _row_counts()

    call_command("demo", "--force")

    assert "Loaded the demo program 'demo'" in capsys.readouterr().out
    assert _row_counts() == before
    assert Program.objects.filter(slug="other").exists()
    assert Person.objects.filter(pk=shared.pk).exists()
    assert not Meeting.objects.filter(focus_title="changed").exists()


def test_it_lets_each_role_log_in_with_the_demo_password():
    demo_load()

    for username in ["admin", "leader", "psychologist", "resident", "resident11", "transcriber", "analyst"]:
        assert authenticate(username=username, password="balint-demo") is not None, username
        assert username in demo_logins() or username == "resident11"
    assert "balint-demo" in demo_logins()


def test_it_scales_to_several_groups_of_eleven():
    summary = demo_load(scale=2)

    assert summary.groups == 2 and summary.held == 100
    for group in Group.objects.filter(program__slug="demo"):
        assert group.members.count() == 11
    assert Person.objects.filter(user__username="g2.resident11").exists()


def test_it_leaves_the_planner_statistics_of_what_it_loaded():
    """Without them PostgreSQL plans the demo's tables as empty ones until autovacuum analyses them (never
    where it is off, nor in a copy cloned from a template first): pages read many times the rows they need."""
    from django.db import connection

    demo_load(scale=2)

    table = Meeting._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cursor.fetchone()[0] == Meeting.objects.count()
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            assert int(cursor.fetchone()[0].split()[0]) == Meeting.objects.count()


def test_it_runs_the_installed_extensions_in_order(monkeypatch):
    seen: list[DemoWorld] = []
    module = types.ModuleType("balint_demo_test_extension")
    module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)
    module.extend = seen.append
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", ["balint.nowhere.demo", module.__name__])

    summary = demo_load()

    assert summary.extensions == (module.__name__,)
    (world,) = seen
    assert world.program.slug == "demo" and len(world.residents) == 11 and len(world.leaders) == 2
    assert world.residents[0].user.username == "resident" and world.leaders[0].user.username == "leader"
    assert len(world.held_meetings) == 50 and len(world.upcoming_meetings) == 6
    assert all(meeting.pk for meeting in world.meetings)
    assert world.flexible_from == datetime.date(2025, 4, 1)


def test_it_has_help_with_an_example():
    from balint.site.management.commands.demo import Command

    assert "Example: balint demo" in Command.help


def test_it_refuses_when_someone_else_holds_a_demo_username():
    get_user_model().objects.create_user(username="leader", email="leader@hospital.example")

    with pytest.raises(ApplicationError, match="already taken: leader"):
        demo_load(force=True)

    assert not Program.objects.exists()


def test_it_links_the_analysis_memo_to_a_sentence_not_a_heading():
    from balint.coding.models import MemoLink

    demo_load()

    link = MemoLink.objects.get(memo__program__slug="demo", kind=MemoLink.Kind.PASSAGE)
    quote = link.source.text[link.start : link.end]
    assert quote == link.quote
    assert quote not in {"Content", "Process"} and len(quote.split()) >= 5, quote
