"""The harness's Django side, run in a child process with the bench environment.

`plan`: prepare what the simulated users need on top of the demo (an open poll and a pulse survey
per group in use, a held session and a source per leader) and print it as JSON.
`verify`: read the ledger of every write the harness sent and count the rows in the database.
`stale`: print the job rows (status, output size) for the fault run.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections import Counter, defaultdict


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balint.config.settings.base")
    import django

    django.setup()


def plan(residents: int, leaders: int, analysts: int) -> dict:
    """Fixtures for the run; every write target is fresh so the expected counts are exact."""
    _django()
    from django.utils import timezone

    from balint.coding.models import Source, Theme
    from balint.meetings.models import Meeting
    from balint.meetings.services import proposal_create
    from balint.programs.models import Group, Program
    from balint.site.demo import DEMO_SLUG
    from balint.surveys import services as surveys
    from balint.surveys.models import Instrument, Invitation

    program = Program.objects.get(slug=DEMO_SLUG)
    groups = list(Group.objects.filter(program=program).order_by("pk"))
    now = timezone.now()
    leader_person = groups[0].leaders.order_by("pk").first()
    pulse = Instrument.objects.filter(program=program, kind=Instrument.Kind.PULSE).first()
    pulse = pulse or surveys.instrument_create_ready_made(program=program, kind=Instrument.Kind.PULSE)
    questions = [{"code": str(q.code), "kind": q.kind} for q in pulse.questions.all()]

    # Residents: group by group, eleven each; a run with more simulated residents than demo residents
    # signs the same people in more than once (their later votes move their vote, as a person's would).
    people_needed = min(residents, 11 * len(groups))
    groups_used = groups[: max(1, -(-people_needed // 11))]
    resident_rows = []
    for group in groups_used:
        members = list(group.members.order_by("pk").select_related("user"))
        meeting = (
            Meeting.objects.filter(
                group=group, status=Meeting.Status.SCHEDULED, focus_confirmed_at__isnull=True
            )
            .filter(starts_at__gt=now + datetime.timedelta(days=2))
            .order_by("starts_at")
            .first()
        )
        proposals = []
        if meeting is not None:
            for index, person in enumerate(members[:2]):
                proposal = proposal_create(
                    meeting=meeting,
                    person=person,
                    focus=Meeting.Focus.BALINT_CASE,
                    title=f"Load case {index + 1}",
                )
                proposals.append(str(proposal.code))
        survey = surveys.survey_open(
            group=group,
            instrument=pulse,
            title="Load pulse",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=1),
            min_answers=5,
            opened_by=leader_person,
            notify=False,
        )
        tokens = {
            inv.person_id: surveys.invitation_token(inv) for inv in Invitation.objects.filter(survey=survey)
        }
        for person in members:
            resident_rows.append(
                {
                    "username": person.user.username,
                    "person": str(person.code),
                    "meeting": str(meeting.code) if meeting else "",
                    "proposals": proposals,
                    "token": tokens.get(person.pk, ""),
                }
            )
    users = []
    for index in range(residents):
        row = dict(resident_rows[index % len(resident_rows)])
        if index >= len(resident_rows):
            row["token"] = ""  # a one-time link is answered once; repeated people skip the survey
        users.append({"role": "resident", **row})

    # Leaders: each simulated leader works on a session and a source of its own, so its expected
    # final state (attendance marks, note version, codings) is exact.
    held = list(
        Meeting.objects.filter(group__program=program, status=Meeting.Status.HELD, note__isnull=False)
        .select_related("note", "group")
        .order_by("-starts_at")[: max(leaders, 1)]
    )
    sources = list(
        Source.objects.filter(program=program, group__isnull=False).order_by("-date", "pk")[: max(leaders, 1)]
    )
    themes = [
        str(code)
        for code in Theme.objects.filter(program=program, active=True).values_list("code", flat=True)
    ]
    for index in range(leaders):
        meeting, source = held[index % len(held)], sources[index % len(sources)]
        leader = meeting.group.leaders.order_by("pk")[index % 2]
        members = [str(code) for code in meeting.group.members.order_by("pk").values_list("code", flat=True)]
        users.append(
            {
                "role": "leader",
                "username": leader.user.username,
                "person": str(leader.code),
                "meeting": str(meeting.code),
                "members": members,
                "note_version": meeting.note.version,
                "source": str(source.code),
                "source_length": len(source.text),
                "source_text": source.text,
                "themes": themes[:12],
                "slot": index,
            }
        )
    for _ in range(analysts):
        users.append({"role": "analyst", "username": "analyst", "slug": DEMO_SLUG})
    return {
        "slug": DEMO_SLUG,
        "questions": questions,
        "users": users,
        "groups": len(groups),
        "started_at": now.isoformat(),
    }


def stateless() -> dict:
    """Where each kind of per-request state lives; none may be one process's memory."""
    _django()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends import db

    cache = settings.CACHES["default"]["BACKEND"]
    sessions_in_database = issubclass(import_module(settings.SESSION_ENGINE).SessionStore, db.SessionStore)
    return {
        "sessions": settings.SESSION_ENGINE,
        "messages": settings.MESSAGE_STORAGE,
        "cache": cache,
        "sign_in_throttling": getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler"),
        "tasks": settings.TASKS["default"]["BACKEND"],
        "secret_key_from_env": bool(os.environ.get("SECRET_KEY")),
        "shared": "locmem" not in cache.lower()
        and sessions_in_database
        and "immediate" not in settings.TASKS["default"]["BACKEND"].lower(),
    }


def verify(ledger_path: str) -> dict:
    """Count rows for every write in the ledger: each acknowledged write exactly once, nothing else."""
    _django()
    from balint.coding.models import Coding
    from balint.meetings.models import Attendance, MeetingNote, NoteConflict, NoteDraft, Vote
    from balint.surveys.models import Answer

    with open(ledger_path) as handle:
        ledger = json.load(handle)
    report: dict[str, dict] = {}

    # Votes: one row per (session, person) the run voted for; it names a proposal that person sent.
    votes = ledger["votes"]  # [meeting, person, proposal, outcome]
    sent: dict[tuple[str, str], set[str]] = defaultdict(set)
    unknown: dict[tuple[str, str], set[str]] = defaultdict(set)
    for meeting, person, proposal, outcome in votes:
        (sent if outcome == "ok" else unknown)[(meeting, person)].add(proposal)
    meetings = {m for m, _ in sent} | {m for m, _ in unknown}
    people = {p for _, p in sent} | {p for _, p in unknown}
    rows = Counter()
    chosen = {}
    # Votes the demo cast before the run by people the harness did not play are not the harness's.
    for meeting, person, proposal in Vote.objects.filter(
        meeting__code__in=meetings, person__code__in=people
    ).values_list("meeting__code", "person__code", "proposal__code"):
        rows[(str(meeting), str(person))] += 1
        chosen[(str(meeting), str(person))] = str(proposal)
    lost = sum(1 for key in sent if rows[key] == 0)
    duplicated = sum(1 for key, count in rows.items() if count > 1)
    wrong = sum(1 for key in sent if rows[key] == 1 and chosen[key] not in sent[key] | unknown[key])
    # A demo vote the run never touched (a person who had not voted again before the end) is not the run's.
    extra = 0
    report["votes"] = {
        "acknowledged": sum(1 for v in votes if v[3] == "ok"),
        "people": len(sent),
        "rows": sum(rows[key] for key in set(sent) | set(unknown)),
        "lost": lost,
        "duplicated": duplicated + extra,
        "mismatched": wrong,
        "unknown_outcome": sum(1 for v in votes if v[3] != "ok"),
    }

    # Survey answers: each marker (one per one-time link) in exactly one answer.
    answers = ledger["answers"]  # [marker, outcome]
    # Answer.text is encrypted at rest: decrypt the open answers and filter in Python.
    texts = Counter(
        t
        for t in Answer.objects.filter(question__kind="open").values_list("text", flat=True)
        if t.startswith("load answer ")
    )
    acknowledged = [m for m, outcome in answers if outcome == "ok"]
    maybe = {m for m, outcome in answers if outcome != "ok"}
    report["answers"] = {
        "acknowledged": len(acknowledged),
        "rows": sum(texts.values()),
        "lost": sum(1 for m in acknowledged if texts[m] == 0),
        "duplicated": sum(1 for m, c in texts.items() if c > 1)
        + sum(1 for m in texts if m not in acknowledged and m not in maybe),
        "mismatched": 0,
        "unknown_outcome": len(maybe),
    }

    # Attendance: one row per (session, person), holding the last status the harness sent for it.
    marks = ledger["attendance"]  # [meeting, person, status, outcome, seq]
    last: dict[tuple[str, str], tuple[int, str, str]] = {}
    for meeting, person, status, outcome, seq in marks:
        key = (meeting, person)
        if key not in last or seq > last[key][0]:
            last[key] = (seq, status, outcome)
    rows = Counter()
    stored = {}
    for meeting, person, status in Attendance.objects.filter(
        meeting__code__in={m for m, _ in last}
    ).values_list("meeting__code", "person__code", "status"):
        key = (str(meeting), str(person))
        rows[key] += 1
        stored[key] = status
    report["attendance"] = {
        "acknowledged": sum(1 for m in marks if m[3] == "ok"),
        "rows": sum(rows[k] for k in last),
        "lost": sum(1 for k, (_, _, outcome) in last.items() if outcome == "ok" and rows[k] == 0),
        "duplicated": sum(1 for k in last if rows[k] > 1),
        "mismatched": sum(
            1 for k, (_, status, outcome) in last.items() if outcome == "ok" and stored.get(k) != status
        ),
        "unknown_outcome": sum(1 for m in marks if m[3] != "ok"),
    }

    # Note saves: an autosave writes the leader's own draft (NoteDraft), never the shared note, so each
    # leader's draft must hold the last save known to have landed (acknowledged, or seen on reload after a
    # lost answer) or a later one of their own; the note's version and its conflicts must not move.
    saves = ledger["notes"]  # [meeting, start_version, [(marker, outcome), ...], username]
    lost = duplicated = mismatched = acknowledged = unknown_count = 0
    for meeting, start, attempts, username in saves:
        note = MeetingNote.objects.get(meeting__code=meeting)
        acknowledged += sum(1 for _, outcome in attempts if outcome == "ok")
        unknown_count += sum(1 for _, outcome in attempts if outcome != "ok")
        duplicated += NoteConflict.objects.filter(note=note, created_at__gte=ledger["started_at"]).count()
        if note.version != start:
            mismatched += 1
        landed = [i for i, (m, outcome) in enumerate(attempts) if outcome == "ok" or m in ledger["note_seen"]]
        draft = NoteDraft.objects.filter(note=note, author__user__username=username).first()
        text = draft.content if draft else ""
        own = [m for m, _ in attempts]
        held = [i for i, m in enumerate(own) if m in text]
        if landed and not any(i >= landed[-1] for i in held):
            lost += 1
        if "Load save" in text and not held:
            mismatched += 1  # a draft holding someone else's words
    report["note saves"] = {
        "acknowledged": acknowledged,
        "rows": len(saves),
        "lost": lost,
        "duplicated": duplicated,
        "mismatched": mismatched,
        "unknown_outcome": unknown_count,
    }

    # Codings: one row per (source, coder, span, theme) the harness applied.
    codings = ledger["codings"]  # [source, coder, start, end, theme, outcome]
    keys = {(s, c, a, b, t): outcome for s, c, a, b, t, outcome in codings}
    rows = Counter()
    for source, coder, start, end, theme in Coding.objects.filter(
        source__code__in={k[0] for k in keys}, coder__code__in={k[1] for k in keys}
    ).values_list("source__code", "coder__code", "start", "end", "theme__code"):
        key = (str(source), str(coder), start, end, str(theme))
        if key in keys:
            rows[key] += 1
    report["codings"] = {
        "acknowledged": sum(1 for c in codings if c[5] == "ok"),
        "rows": sum(rows.values()),
        "lost": sum(1 for k, outcome in keys.items() if outcome == "ok" and rows[k] == 0),
        "duplicated": sum(1 for k in keys if rows[k] > 1),
        "mismatched": 0,
        "unknown_outcome": sum(1 for c in codings if c[5] != "ok"),
    }
    return report


def queries(plan_path: str) -> dict:
    """Queries and server time of each page of the journeys, rendered in-process as each role."""
    _django()
    import time

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with open(plan_path) as handle:
        users = json.load(handle)["users"]
    resident = next(u for u in users if u["role"] == "resident")
    leader = next((u for u in users if u["role"] == "leader"), None)
    pages = [
        ("resident: home", resident["username"], "/"),
        ("resident: session page", resident["username"], f"/sessions/{resident['meeting']}/"),
        ("analyst: home", "analyst", "/"),
        ("analyst: theme timeline", "analyst", "/programs/demo/analysis/views/"),
        ("analyst: agreement", "analyst", "/programs/demo/analysis/agreement/"),
    ]
    if leader:
        pages += [
            ("leader: home", leader["username"], "/"),
            ("leader: home card", leader["username"], "/leadership/home-panel/"),
            ("leader: attendance page", leader["username"], f"/sessions/{leader['meeting']}/attendance/"),
            ("leader: notes page", leader["username"], f"/sessions/{leader['meeting']}/notes/"),
            ("leader: coding page", leader["username"], f"/analysis/sources/{leader['source']}/"),
        ]
    result = {}
    users_by_name = {}
    for name, username, path in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        user = users_by_name.setdefault(username, get_user_model().objects.get(username=username))
        client.force_login(user)
        client.get(path)  # warm: templates compiled, connection open
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - began
        slowest = max(
            captured.captured_queries, key=lambda q: float(q["time"]), default={"sql": "", "time": "0"}
        )
        result[name] = {
            "status": response.status_code,
            "queries": len(captured),
            "ms": round(seconds * 1000, 1),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1),
            "slowest_sql": slowest["sql"][:300],
        }
    return result


def jobs() -> list[dict]:
    """The report jobs with their status and whether they hold output."""
    _django()
    from balint.core.jobs import Job

    return [
        {
            "code": str(job.code),
            "status": job.status,
            "progress": job.progress,
            "output_bytes": len(job.output) if job.output is not None else 0,
            "error": job.error,
        }
        for job in Job.objects.order_by("created_at")
    ]


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "plan":
        result = plan(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "verify":
        result = verify(sys.argv[2])
    elif command == "jobs":
        result = jobs()
    elif command == "queries":
        result = queries(sys.argv[2])
    elif command == "stateless":
        result = stateless()
    else:
        raise SystemExit(f"unknown command {command}")
    print("BENCH-JSON " + json.dumps(result))
