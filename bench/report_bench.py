"""Time and memory of the program-evaluation report for five years of a program.

Builds, in a scratch SQLite database under /tmp (removed first, so it stays bounded), a program with
three groups of ten residents meeting three times a month for five years (540 sessions, 5,400
attendance marks), a format change in each group, yearly surveys, a session note per session as a
source and 10,000 codings by two coders; then measures the report builder, the HTML and the PDF.
Peak memory: Python allocations during each step (tracemalloc) and the process's maximum RSS.

Usage: .venv/bin/python bench/report_bench.py [--repeat 3]   (DATABASE_URL=postgres://... for PostgreSQL)
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

SCRATCH = Path("/tmp/balint-report-bench")  # noqa: S108 (a scratch database, removed first)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ["BALINT_DATA_DIR"] = str(SCRATCH)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TEXT = (
    "the resident felt cornered when the patient asked again for an early refill and the group stayed with "
    "that feeling while supervision feedback and clinic schedules pressed on everyone"
)
WORDS = TEXT.split()
YEARS = 5
GROUPS, RESIDENTS_PER_GROUP, CODINGS = 3, 10, 10_000


def _text(rng: random.Random, paragraphs: int = 4) -> str:
    return "\n\n".join(
        " ".join((" ".join(rng.choice(WORDS) for _ in range(12))).capitalize() + "." for _ in range(5))
        for _ in range(paragraphs)
    )


def build() -> tuple[object, datetime.date, datetime.date, dict[str, int]]:
    from balint.coding.models import Category, Coding, Source, Theme
    from balint.meetings.models import Attendance, Meeting
    from balint.programs.models import Group, GroupPolicy, Person, Program
    from balint.surveys.models import Answer, Instrument, Question, Response, Survey

    rng = random.Random(11)
    program = Program.objects.create(name="Bench Residency", slug="bench", institution="Bench Hospital")
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench{i}") for i in range(GROUPS * RESIDENTS_PER_GROUP + 2)]
    )
    people = Person.objects.bulk_create(
        [Person(user=u, full_name=f"Person {i}", email=f"p{i}@example.org") for i, u in enumerate(users)]
    )
    coders, residents = people[:2], people[2:]
    start = datetime.date(2020, 7, 1)
    end = datetime.date(2025, 6, 30)
    zone = program.zone
    meetings, groups = [], []
    for g in range(GROUPS):
        group = Group.objects.create(program=program, name=f"Group {g + 1}")
        group.members.set(residents[g * RESIDENTS_PER_GROUP : (g + 1) * RESIDENTS_PER_GROUP])
        GroupPolicy.objects.create(group=group, effective_from=start)
        GroupPolicy.objects.create(
            group=group,
            effective_from=datetime.date(2021, 7 + g, 1),
            format="flexible",
            latecomers="listen_only",
            problem_solving_allowed=True,
            focus_chosen_by="residents",
        )
        groups.append(group)
        for year in range(YEARS):
            for month in range(12):
                y, m = start.year + year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1
                for week in (1, 2, 4):
                    when = datetime.datetime(y, m, 7 * week - 3, 12, 30, tzinfo=zone)
                    meetings.append(
                        Meeting(
                            group=group,
                            starts_at=when,
                            ends_at=when + datetime.timedelta(hours=1),
                            status="held",
                            focus=rng.choice(["balint_case", "case_problem_solving", "topic"]),
                        )
                    )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    marks = []
    for meeting in meetings:
        members = residents[(meeting.group.pk - groups[0].pk) * RESIDENTS_PER_GROUP :][:RESIDENTS_PER_GROUP]
        for person in members:
            status = rng.choices(["on_time", "late", "absent"], [80, 10, 10])[0]
            marks.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    status=status,
                    reason="clinic_late" if status == "late" else "",
                    latecomer_rule="listen_only",
                )
            )
    Attendance.objects.bulk_create(marks, batch_size=2000)
    categories = [
        Category.objects.create(program=program, name=n, position=i)
        for i, n in enumerate(["Balint process", "Professional development", "Group process"])
    ]
    themes = [
        Theme.objects.create(program=program, name=f"Theme {i}", category=categories[i % 3])
        for i in range(20)
    ]
    sources = Source.objects.bulk_create(
        [
            Source(
                program=program,
                group=m.group,
                meeting=m,
                kind="session_note",
                title=f"Note {i}",
                text=_text(rng),
                date=m.starts_at.date(),
            )
            for i, m in enumerate(meetings)
        ],
        batch_size=500,
    )
    codings, seen = [], set()
    while len(codings) < CODINGS:
        source = rng.choice(sources)
        paragraph = rng.randrange(4)
        offsets = [0]
        for part in source.text.split("\n\n"):
            offsets.append(offsets[-1] + len(part) + 2)
        s, e = offsets[paragraph], offsets[paragraph + 1] - 2
        key = (source.pk, paragraph, rng.randrange(2), rng.randrange(20))
        if key in seen:
            continue
        seen.add(key)
        codings.append(
            Coding(
                source=source,
                theme=themes[key[3]],
                coder=coders[key[2]],
                start=s,
                end=e,
                quote=source.text[s:e],
                perspective=rng.choice(["", "resident", "patient", "both"]),
            )
        )
    Coding.objects.bulk_create(codings, batch_size=2000)
    answers = 0
    for group in groups:
        instrument = Instrument.objects.create(program=program, name=f"End of year {group.pk}")
        questions = [
            Question.objects.create(
                instrument=instrument,
                position=i,
                kind="likert",
                text=f"Statement {i}",
                choices=["1", "2", "3", "4", "5"],
            )
            for i in range(5)
        ]
        for year in range(YEARS):
            closes = datetime.datetime(2021 + year, 6, 20, tzinfo=zone)
            survey = Survey.objects.create(
                group=group,
                instrument=instrument,
                title=f"Year {year + 1}",
                opens_at=closes - datetime.timedelta(days=14),
                closes_at=closes,
            )
            responses = Response.objects.bulk_create([Response(survey=survey) for _ in range(9)])
            rows = [
                Answer(response=r, question=q, scale=rng.randint(1, 5)) for r in responses for q in questions
            ]
            Answer.objects.bulk_create(rows)
            answers += len(rows)
    counts = {
        "sessions": len(meetings),
        "residents": len(residents),
        "attendance marks": len(marks),
        "sources": len(sources),
        "codings": len(codings),
        "survey answers": answers,
    }
    return program, start, end, counts


def measure(label: str, fn, repeat: int) -> tuple[str, object]:
    """Median wall time over `repeat` plain runs, then one more run under tracemalloc for the peak."""
    times, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    row = f"| {label} | {statistics.median(times):.2f} s | {peak / 2**20:.0f} MiB | {queries} |"
    return row, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    import balint.coding.selectors  # noqa: F401  (imports scikit-learn once, outside the timings)
    from balint.reports.builder import report_build
    from balint.reports.render import render_html, render_pdf

    started = time.perf_counter()
    with transaction.atomic():
        program, start, end, counts = build()
    print(
        f"Built the data set in {time.perf_counter() - started:.1f} s on {connection.vendor}: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )

    def report():
        return report_build(program=program, date_from=start, date_to=end, issued=end)

    rows = ["| step | median time | peak Python memory | queries |", "| --- | --- | --- | --- |"]
    row, built = measure("build the report (all sections, agreement included)", report, args.repeat)
    rows.append(row)
    row, html = measure("render the HTML (with SVG charts)", lambda: render_html(built), args.repeat)
    rows.append(row)
    row, pdf = measure("render the PDF (WeasyPrint)", lambda: render_pdf(built), args.repeat)
    rows.append(row)
    print("\n".join(rows))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nHTML {len(html) // 1024} KB, PDF {len(pdf) // 1024} KB, {built.granularity}ly figures over "
        f"{len(built.periods)} periods; process peak RSS {rss:.0f} MiB."
    )


if __name__ == "__main__":
    main()
