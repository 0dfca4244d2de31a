"""Demo extension: the recurring schedule, focus polls with votes in the flexible months, tagged notes.

Deterministic: every draw comes from `world.rng` in a fixed order, and every date from the fixed history
(only the open polls of the upcoming sessions depend on the load date, as the sessions themselves do).
"""

import datetime
import re

from balint.meetings.models import Attendance, Meeting, MeetingNote, Proposal, Schedule, Tag, Vote
from balint.programs.models import Group, Person
from balint.site.demo import schedule as demo_schedule
from balint.site.demo import text
from balint.site.demo.world import DemoWorld

# Free theme labels the leaders put on their notes, found from words in the demo notes.
THEME_WORDS: list[tuple[str, str]] = [
    (r"narcotic|opioid|pain medic|controlled", "narcotic contracts"),
    (r"feedback", "feedback"),
    (r"supervis|interns?\b", "supervision"),
    (r"\btrust", "trust"),
    (r"responsib", "responsibility"),
    (r"frustrat|anger|angry|irritat", "frustration"),
    (r"attraction|flirt|uncomfortable", "sexual attraction"),
    (r"boundar|limits", "boundaries"),
    (r"staff|nurse|front desk|attendings?", "difficult interactions with staff"),
    (r"family|parent|children", "family dynamics"),
    (r"death|dying|grief|diagnosis", "serious illness and death"),
    (r"tired|well-being|burnout|exhaust", "physician well-being"),
    (r"strateg|agreement|problem solving|practical", "practical strategies"),
    (r"silence|quiet", "silence in the group"),
    (r"feeling|felt|herself|himself", "resident's own feelings"),
    (r"patient's experience|the patient felt|from the patient", "patient's experience"),
    (r"ending|leaving|graduation|goodbye", "endings"),
]
PATTERNS = [(re.compile(pattern, re.IGNORECASE), label) for pattern, label in THEME_WORDS]
MAX_TAGS = 4


def extend(world: DemoWorld) -> None:
    """Add the schedule, the polls and the tags to the base demo."""
    for group in world.groups:
        _schedule(world, group)
    _polls(world)
    _tags(world)


def _schedule(world: DemoWorld, group: Group) -> None:
    meetings = [m for m in world.meetings if m.group_id == group.pk]
    plan = Schedule.objects.create(
        group=group,
        repeat=Schedule.Repeat.MONTHLY,
        weekday=demo_schedule.WEEKDAY,
        weeks_of_month=",".join(str(week) for week in demo_schedule.WEEKS_OF_MONTH),
        start_time=demo_schedule.START_TIME,
        minutes=demo_schedule.MINUTES,
        starts_on=world.history_start,
        ends_on=max(m.starts_at for m in meetings).astimezone(group.program.zone).date(),
    )
    Meeting.objects.filter(group=group).update(schedule=plan)


def _alternatives(world: DemoWorld, meeting: Meeting, day: datetime.date) -> list[tuple[str, str]]:
    """One or two other proposals a resident might have made that week."""
    phase = demo_schedule.phase_of(day)
    topics = [
        title
        for title, _ in text.TOPICS
        if title != meeting.focus_title
        and (phase == demo_schedule.LATE or title not in text.LATE_ONLY_TOPICS)
    ]
    cases = [title for title, _ in text.CASES.get(phase, []) if title != meeting.focus_title]
    options = [(Meeting.Focus.TOPIC, world.rng.choice(topics))]
    if cases:
        kind = Meeting.Focus.BALINT_CASE if world.rng.random() < 0.6 else Meeting.Focus.CASE_PROBLEM_SOLVING
        options.append((kind, world.rng.choice(cases)))
    world.rng.shuffle(options)
    return options[: world.rng.randint(1, len(options))]


def _polls(world: DemoWorld) -> None:
    """Past flexible sessions: the chosen focus won a poll; upcoming ones: polls still open."""
    attendance: dict[int, list[Attendance]] = {}
    for row in Attendance.objects.filter(meeting__group__in=world.groups).only(
        "meeting_id", "person_id", "status"
    ):
        attendance.setdefault(row.meeting_id, []).append(row)
    proposals: list[Proposal] = []
    plans: list[tuple[Meeting, list[Proposal], list[Person]]] = []
    for meeting in world.meetings:
        day = meeting.starts_at.astimezone(meeting.group.program.zone).date()
        if day < world.flexible_from or meeting.status == Meeting.Status.CANCELLED:
            continue
        residents = world.residents_by_group[meeting.group_id]
        if meeting.status == Meeting.Status.HELD:
            author = meeting.presenter if meeting.presenter_id else world.rng.choice(residents)
            chosen = Proposal(
                meeting=meeting, author=author, focus=meeting.focus, title=meeting.focus_title[:160]
            )
            others = [
                Proposal(meeting=meeting, author=world.rng.choice(residents), focus=kind, title=title[:160])
                for kind, title in _alternatives(world, meeting, day)
            ]
            present = [
                a.person_id for a in attendance.get(meeting.pk, []) if a.status != Attendance.Status.ABSENT
            ]
            voters = [p for p in residents if p.pk in present]
            meeting.focus_confirmed_at = meeting.poll_deadline + datetime.timedelta(hours=3)
            proposals += [chosen, *others]
            plans.append((meeting, [chosen, *others], voters))
        elif meeting in world.upcoming_meetings[:2]:
            # Open polls: proposals and a few votes, never from `resident`, who can try voting.
            picks = _alternatives(world, meeting, day) + [(Meeting.Focus.BALINT_CASE, _case(world))]
            rows = [
                Proposal(
                    meeting=meeting,
                    author=residents[1 + i % (len(residents) - 1)],
                    focus=kind,
                    title=title[:160],
                )
                for i, (kind, title) in enumerate(picks)
            ]
            proposals += rows
            plans.append((meeting, rows, residents[1 : 1 + world.rng.randint(2, 5)]))
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    Meeting.objects.bulk_update(
        [m for m, _, _ in plans if m.focus_confirmed_at], ["focus_confirmed_at"], batch_size=1000
    )
    votes = []
    for meeting, options, voters in plans:
        votes += _votes(world, meeting, options, voters, winner_first=meeting.status == Meeting.Status.HELD)
    Vote.objects.bulk_create(votes, batch_size=2000)


def _case(world: DemoWorld) -> str:
    return world.rng.choice([title for title, _ in text.CASES[demo_schedule.LATE]])


def _votes(
    world: DemoWorld, meeting: Meeting, options: list[Proposal], voters: list[Person], *, winner_first: bool
) -> list[Vote]:
    """Spread the voters over the options; in a held session the confirmed focus gets a strict majority."""
    if not voters:
        return []
    order = list(voters)
    world.rng.shuffle(order)
    if not winner_first or len(options) == 1:
        return [Vote(meeting=meeting, person=p, proposal=world.rng.choice(options)) for p in order]
    winner, others = options[0], options[1:]
    share = len(order) // 2 + 1
    votes = [Vote(meeting=meeting, person=p, proposal=winner) for p in order[:share]]
    votes += [Vote(meeting=meeting, person=p, proposal=world.rng.choice(others)) for p in order[share:]]
    return votes


def _tags(world: DemoWorld) -> None:
    """Tag each note with the themes its words suggest; topics also as professional development."""
    notes = list(MeetingNote.objects.filter(meeting__group__in=world.groups).select_related("meeting"))
    labels = {label for _, label in PATTERNS} | {"professional development"}
    tags = {
        tag.label: tag
        for tag in Tag.objects.bulk_create(
            [Tag(program=world.program, label=label) for label in sorted(labels)]
        )
    }
    through = MeetingNote.tags.through
    rows = []
    for note in notes:
        found = [label for pattern, label in PATTERNS if pattern.search(f"{note.content} {note.process}")]
        if note.meeting.focus == Meeting.Focus.TOPIC:
            found.insert(0, "professional development")
        for label in dict.fromkeys(found[:MAX_TAGS]):
            rows.append(through(meetingnote_id=note.pk, tag_id=tags[label].pk))
    through.objects.bulk_create(rows, batch_size=2000)
