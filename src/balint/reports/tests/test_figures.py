"""The report's figures equal the data, recounted here from the rows (not through the builder's helpers)."""

import datetime
from collections import Counter

from balint.coding.models import Coding
from balint.meetings.models import Attendance, Meeting
from balint.reports.builder import report_build
from balint.reports.tests.conftest import CHANGE, END, START
from balint.surveys.models import Answer


def _build(world, **kwargs):
    return report_build(
        program=world.program,
        date_from=START,
        date_to=END,
        issued=datetime.date(2025, 1, 15),
        granularity="quarter",
        **kwargs,
    )


def _rows_between(first: datetime.date, last: datetime.date) -> list[Attendance]:
    return [
        a
        for a in Attendance.objects.select_related("meeting")
        if a.meeting.status == Meeting.Status.HELD and first <= a.meeting.local_start.date() <= last
    ]


def test_it_counts_sessions_and_attendance_per_quarter(world, evaluation):
    report = _build(world)
    assert [p.label for p in report.periods] == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]
    q3 = report.attendance[2]
    rows = _rows_between(datetime.date(2024, 7, 1), datetime.date(2024, 9, 30))
    took_part = [
        a for a in rows if a.status == "on_time" or (a.status == "late" and a.latecomer_rule != "excluded")
    ]
    late = [a for a in rows if a.status == "late"]
    assert q3.sessions == 3 and q3.cancelled == 1 and q3.marks == len(rows) == 24
    assert q3.attended.raw == 100 * len(took_part) / len(rows)
    assert q3.late.raw == 100 * len(late) / len(rows) == 25
    # Q1's lateness (one resident) is hidden and the year's is shown, so the smallest other shown quarter
    # is withheld with it (complementary suppression); Q4 shows its own.
    assert report.attendance[0].late.display == "<5" and q3.late.display == "–"
    assert report.attendance[1].sessions == 0 and report.attendance[1].marks == 0


def test_it_counts_the_focus_of_held_sessions(world, evaluation):
    report = _build(world)
    expected = Counter()
    for meeting in Meeting.objects.filter(group=world.group, status="held"):
        day = meeting.local_start.date()
        if START <= day <= END:
            expected[((day.month - 1) // 3, meeting.focus)] += 1
    for quarter, row in enumerate(report.focus):
        assert row.counts == [
            expected[(quarter, f)] for f in ("balint_case", "case_problem_solving", "topic", "")
        ]


def test_it_compares_before_and_after_the_policy_change(world, evaluation):
    (change,) = _build(world).changes
    assert change.date == CHANGE and "Traditional → Flexible" in change.summary
    before = _rows_between(START, CHANGE - datetime.timedelta(days=1))
    after = _rows_between(CHANGE, END)
    assert change.before.sessions == 3 and change.after.sessions == 3
    took_part_after = [a for a in after if a.status in ("on_time", "late")]
    assert change.after.attended.raw == 100 * len(took_part_after) / len(after)
    on_time_before = [a for a in before if a.status == "on_time"]  # latecomers were turned away before
    assert change.before.attended.raw == 100 * len(on_time_before) / len(before)
    assert {label: share for label, share, _ in change.focus_rows()}["Balint case"] == 100
    assert change.period_index == 2 and change.position == 2.0


def test_it_summarises_likert_answers_in_three_bins(world, evaluation):
    report = _build(world)
    shown, hidden = report.surveys
    scales = sorted(
        Answer.objects.filter(response__survey__title=shown.title, question__position=0).values_list(
            "scale", flat=True
        )
    )
    agree = sum(1 for s in scales if s >= 4)
    first = shown.likert[0]
    assert first.n == len(scales) == 8
    assert first.bins[2].raw == agree == 6 and first.agree.raw == 100 * agree / len(scales)
    assert shown.answered.display == "8" and shown.transcripts == 3
    assert not hidden.shown and hidden.likert == []


def test_it_counts_codings_by_category_and_perspective(world, evaluation):
    report = _build(world)
    rows = list(Coding.objects.select_related("theme__category", "source"))
    per_category = Counter((c.theme.category.name, (c.source.date.month - 1) // 3) for c in rows)
    for row in report.timeline.categories:
        assert row.counts == [per_category[(row.name, q)] for q in range(4)]
    assert report.timeline.total == len(rows) == 5
    everything = report.perspective[0]
    perspectives = Counter(c.perspective for c in rows)
    assert everything.counts == [perspectives["resident"], perspectives["patient"], perspectives["both"]]
    assert everything.unmarked == perspectives[""]
    balint = report.perspective[1]
    assert balint.label == "Balint process themes" and balint.counts == [2, 1, 0]


def test_it_describes_the_methods_with_coders_and_agreement(world, evaluation):
    methods = _build(world, coder_names=True).methods
    assert methods.sessions_held == 6 and methods.sessions_cancelled == 1 and methods.notes == 6
    assert methods.attendance_marks == Attendance.objects.filter(meeting__starts_at__year=2024).count()
    assert methods.codings == 5 and methods.themes_used == 2
    assert dict(methods.coders) == {"Lee Leader": 3, "Cora Coleader": 2}
    hidden = _build(world).methods  # by default coders go by the exports' pseudonyms
    assert sorted(n for _, n in hidden.coders) == [2, 3]
    assert all(name.startswith("Coder ") for name, _ in hidden.coders)
    assert all(name.startswith("Coder ") for name in hidden.agreement.coders)
    agreement = methods.agreement
    assert agreement is not None and agreement.sources == 2 and agreement.kappa != ""
    assert methods.surveys == 2 and methods.surveys_shown == 1


def test_it_reports_only_the_chosen_group(world, evaluation):
    report = report_build(program=world.program, group=world.group, date_from=START, date_to=END, issued=END)
    assert report.is_group and report.scope == world.group.name
    assert sum(r.sessions for r in report.attendance) == 6


def test_it_chooses_coarser_periods_when_finer_ones_would_hide_most_figures(world, evaluation):
    by_month = report_build(
        program=world.program, date_from=START, date_to=END, issued=END, granularity="month"
    )
    measured = [row for row in by_month.attendance if row.marks]
    assert sum(row.attended.suppressed for row in measured) * 3 > len(measured)
    automatic = report_build(program=world.program, date_from=START, date_to=END, issued=END)
    assert automatic.granularity in ("quarter", "year") and len(automatic.periods) < 12
    few_hidden = report_build(
        program=world.program,
        date_from=datetime.date(2024, 7, 1),
        date_to=datetime.date(2024, 7, 31),
        issued=END,
    )
    assert few_hidden.granularity == "month"
