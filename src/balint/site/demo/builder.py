"""Builds the demo program: people, group, policies, eighteen months of sessions, attendance and notes."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from balint.core.errors import ApplicationError
from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Cohort, Group, GroupPolicy, GroupSeat, Membership, Person, Program, Role
from balint.site.demo import schedule, text
from balint.site.demo.world import DemoWorld

SLUG = "demo"
PASSWORD = "balint-demo"
SEED = 1957  # the year Balint's book appeared; any fixed number would do
EMAIL_DOMAIN = "riverside-fm.example"

PROGRAM = {
    "name": "Riverside Family Medicine Residency",
    "institution": "Riverside Regional Medical Center",
    "specialty": "Family medicine",
    "time_zone": schedule.TIME_ZONE,
}
# (username, full name) of the staff; all fictional.
ADMIN = ("admin", "Karen Whitfield")
LEADERS = [("leader", "Margaret Ellison, MD"), ("psychologist", "Samuel Adeyemi, PhD")]
TRANSCRIBER = ("transcriber", "Rosa Delgado")
ANALYST = ("analyst", "Wen Li, PhD")
RESIDENT_NAMES = [
    "Aisha Rahman",
    "Benjamin Carter",
    "Chloe Nguyen",
    "Daniel Kowalski",
    "Elena Petrova",
    "Farid Haddad",
    "Grace Mensah",
    "Hugo Lindqvist",
    "Isabel Ortega",
    "Jonah Weiss",
    "Keiko Tanaka",
]
# (name, PGY-1 year, how many of the eleven): the third-years graduate at the end of the fixed history.
COHORTS = [("Class of 2026", 2023, 5), ("Class of 2027", 2024, 6)]

FORCED_TOPICS = {
    datetime.date(2025, 4, 1): text.FIRST_TOPICS[0],
    datetime.date(2025, 4, 22): text.FIRST_TOPICS[1],
    datetime.date(2025, 5, 13): text.FIRST_TOPICS[2],
    datetime.date(2025, 7, 8): text.SUPERVISION_TOPIC,
    datetime.date(2026, 4, 14): "Boundaries, touch and attraction in the consulting room",
    datetime.date(2026, 6, 2): "Leaving residency: endings with patients",
}
FOCUS_WEIGHTS = {
    schedule.MIDDLE: {"topic": 0.25, "case_problem_solving": 0.35, "balint_case": 0.40},
    schedule.LATE: {"topic": 0.15, "case_problem_solving": 0.25, "balint_case": 0.60},
}
# Chance of being absent / late per session; lateness drops once latecomers may join and listen.
ABSENT = {schedule.EARLY: 0.14, schedule.MIDDLE: 0.13, schedule.LATE: 0.12}
LATE = {schedule.EARLY: 0.15, schedule.MIDDLE: 0.10, schedule.LATE: 0.07}
ABSENT_REASONS = [
    (Attendance.Reason.ON_SERVICE, 35),
    (Attendance.Reason.POST_CALL, 25),
    (Attendance.Reason.CLINIC_LATE, 15),
    (Attendance.Reason.LEAVE, 15),
    (Attendance.Reason.OTHER, 10),
]
LATE_REASONS = [
    (Attendance.Reason.CLINIC_LATE, 80),
    (Attendance.Reason.NONE, 12),
    (Attendance.Reason.OTHER, 8),
]
# Cases that should surface only at the end of the third year, when the group can hold them.
LAST_CASES = {
    "A patient the resident found herself thinking about outside work",
    "A patient who made a flirtatious remark at the end of a visit",
    "A physical examination that felt uncomfortable for both patient and resident",
}


def usernames(scale: int) -> list[str]:
    """Every username the demo creates."""
    staff = [ADMIN[0], *(name for name, _ in LEADERS), TRANSCRIBER[0], ANALYST[0]]
    return staff + [
        resident_username(group, index) for group in range(1, scale + 1) for index in range(1, 12)
    ]


def resident_username(group: int, index: int) -> str:
    if group == 1:
        return "resident" if index == 1 else f"resident{index}"
    return f"g{group}.resident{index}"


@dataclass
class _People:
    admin: Person
    leaders: list[Person]
    transcriber: Person
    analyst: Person
    residents_by_group: list[list[Person]]


def _create_people(*, program: Program, cohorts: list[Cohort], scale: int) -> _People:
    """Users, people and memberships in a few bulk inserts; one password hash serves every login.

    A person the demo made earlier and another program still holds (after `--force`) is reused.
    """
    user_model = get_user_model()
    rows: list[tuple[str, str]] = [ADMIN, *LEADERS, TRANSCRIBER, ANALYST]
    for group in range(1, scale + 1):
        for index, name in enumerate(RESIDENT_NAMES, start=1):
            rows.append((resident_username(group, index), name if group == 1 else f"{name} ({group})"))
    kept = {person.user.username: person for person in _kept_people(scale)}
    password = make_password(PASSWORD)
    users = []
    for username, full_name in rows:
        if username in kept:
            continue
        first, _, last = full_name.split(",")[0].partition(" ")
        email = f"{username}@{EMAIL_DOMAIN}"
        users.append(
            user_model(username=username, password=password, first_name=first, last_name=last, email=email)
        )
    user_model.objects.bulk_create(users, batch_size=1000)
    by_username = {
        user.username: user for user in user_model.objects.filter(username__in=[u.username for u in users])
    }
    created = Person.objects.bulk_create(
        [
            Person(user=by_username[username], full_name=full_name, email=by_username[username].email)
            for username, full_name in rows
            if username not in kept
        ],
        batch_size=1000,
    )
    fresh = iter(created)
    people = [kept[username] if username in kept else next(fresh) for username, _ in rows]
    admin, leader, psychologist, transcriber, analyst, *residents = people
    cohort_of = [cohort for cohort, (_, _, size) in zip(cohorts, COHORTS, strict=True) for _ in range(size)]
    memberships = [
        Membership(program=program, person=admin, role=Role.ADMIN),
        Membership(program=program, person=leader, role=Role.LEADER),
        Membership(program=program, person=psychologist, role=Role.LEADER),
        Membership(program=program, person=transcriber, role=Role.TRANSCRIBER),
        Membership(program=program, person=analyst, role=Role.ANALYST),
    ]
    memberships += [
        Membership(program=program, person=person, role=Role.RESIDENT, cohort=cohort_of[index % 11])
        for index, person in enumerate(residents)
    ]
    Membership.objects.bulk_create(memberships)
    by_group = [residents[start : start + 11] for start in range(0, len(residents), 11)]
    return _People(admin, [leader, psychologist], transcriber, analyst, by_group)


def _create_group(*, program: Program, number: int, people: _People, residents: list[Person]) -> Group:
    name = "Tuesday Balint Group" if number == 1 else f"Tuesday Balint Group {number}"
    group = Group.objects.create(
        program=program,
        name=name,
        description=(
            "Second- and third-year residents, 1st, 2nd and 4th Tuesday at lunchtime. Co-led by a family "
            "physician and a psychologist; attendance is encouraged, not required."
        ),
        meeting_minutes=schedule.MINUTES,
    )
    group.leaders.add(*people.leaders)
    group.members.add(*residents)
    GroupSeat.objects.bulk_create(
        [
            GroupSeat(group=group, person=p, kind="leader", starts_on=schedule.HISTORY_START)
            for p in people.leaders
        ]
        + [
            GroupSeat(group=group, person=p, kind="member", starts_on=schedule.HISTORY_START)
            for p in residents
        ]
    )
    GroupPolicy.objects.bulk_create(
        [
            GroupPolicy(
                group=group,
                effective_from=schedule.HISTORY_START,
                format=GroupPolicy.Format.TRADITIONAL,
                latecomers=GroupPolicy.Latecomers.EXCLUDED,
                problem_solving_allowed=False,
                focus_chosen_by=GroupPolicy.FocusChooser.LEADERS,
                note="The group starts in the traditional Balint format.",
            ),
            GroupPolicy(
                group=group,
                effective_from=schedule.FLEXIBLE_FROM,
                format=GroupPolicy.Format.FLEXIBLE,
                latecomers=GroupPolicy.Latecomers.LISTEN_ONLY,
                problem_solving_allowed=True,
                focus_chosen_by=GroupPolicy.FocusChooser.RESIDENTS,
                note="After the needs assessment: residents choose the focus, latecomers listen, "
                "case discussions may end with problem solving.",
            ),
        ]
    )
    return group


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


class _GroupHistory:
    """Draws one group's sessions, attendance and notes from its own seeded generator."""

    def __init__(self, *, group: Group, residents: list[Person], leader: Person, seed: str) -> None:
        self.group = group
        self.residents = residents
        self.leader = leader
        self.rng = random.Random(seed)
        self.zone = group.program.zone
        # Some residents come more reliably than others.
        self.reliability = {person.pk: self.rng.uniform(0.6, 1.5) for person in residents}
        self.presented = dict.fromkeys((person.pk for person in residents), 0)
        self.case_queues: dict[str, list[text.Case]] = {}
        self.topics_used: list[str] = []
        self.openers_used: list[str] = []

    def build(self) -> tuple[list[Meeting], list[Attendance], list[MeetingNote]]:
        meetings, attendances, notes = [], [], []
        for day in schedule.history_days():
            starts, ends = schedule.local_span(day, self.zone)
            meeting = Meeting(group=self.group, starts_at=starts, ends_at=ends)
            meetings.append(meeting)
            if day in schedule.CANCELLED:
                meeting.status = Meeting.Status.CANCELLED
                meeting.cancel_reason = schedule.CANCELLED[day]
                continue
            meeting.status = Meeting.Status.HELD
            phase = schedule.phase_of(day)
            rule = (
                GroupPolicy.Latecomers.EXCLUDED
                if day < schedule.FLEXIBLE_FROM
                else GroupPolicy.Latecomers.LISTEN_ONLY
            )
            rows = self._attendance(meeting, phase, rule)
            attendances.extend(rows)
            self._focus(meeting, day, phase, rows)
            notes.append(self._note(meeting, phase, rule, rows))
        return meetings, attendances, notes

    def _attendance(self, meeting: Meeting, phase: str, rule: str) -> list[Attendance]:
        rows = []
        for person in self.residents:
            reliability = self.reliability[person.pk]
            draw = self.rng.random()
            if draw < ABSENT[phase] * reliability:
                status, reason = Attendance.Status.ABSENT, _weighted(self.rng, ABSENT_REASONS)
            elif draw < (ABSENT[phase] + LATE[phase]) * reliability:
                status, reason = Attendance.Status.LATE, _weighted(self.rng, LATE_REASONS)
            else:
                status, reason = Attendance.Status.ON_TIME, Attendance.Reason.NONE
            rows.append(
                Attendance(meeting=meeting, person=person, status=status, reason=reason, latecomer_rule=rule)
            )
        return rows

    def _focus(self, meeting: Meeting, day: datetime.date, phase: str, rows: list[Attendance]) -> None:
        if day in FORCED_TOPICS:
            focus = Meeting.Focus.TOPIC
        elif phase == schedule.EARLY:
            focus = Meeting.Focus.BALINT_CASE
        else:
            weights = FOCUS_WEIGHTS[phase]
            focus = Meeting.Focus(_weighted(self.rng, list(weights.items())))
        meeting.focus = focus
        if focus == Meeting.Focus.TOPIC:
            meeting.focus_title = FORCED_TOPICS.get(day) or self._next_topic(phase)
            self.topics_used.append(meeting.focus_title)
            return
        title, summary = self._next_case(phase)
        meeting.focus_title, meeting.case_summary = title, summary
        present = [row.person for row in rows if row.status == Attendance.Status.ON_TIME] or self.residents
        fewest = min(self.presented[person.pk] for person in present)
        presenter = self.rng.choice([person for person in present if self.presented[person.pk] == fewest])
        self.presented[presenter.pk] += 1
        meeting.presenter = presenter

    def _next_case(self, phase: str) -> text.Case:
        queue = self.case_queues.setdefault(phase, [])
        if not queue:
            cases = list(text.CASES[phase])
            self.rng.shuffle(cases)
            cases.sort(key=lambda case: case[0] in LAST_CASES)
            queue.extend(cases)
        return queue.pop(0)

    def _next_topic(self, phase: str) -> str:
        titles = [
            title for title, _ in text.TOPICS if phase == schedule.LATE or title not in text.LATE_ONLY_TOPICS
        ]
        recent = set(self.topics_used[-4:])
        fresh = [title for title in titles if title not in recent and title not in FORCED_TOPICS.values()]
        return self.rng.choice(fresh or titles)

    def _pick(self, pool: list[str], low: int, high: int, exclude: str = "") -> list[str]:
        choices = [sentence for sentence in pool if not (exclude and exclude in sentence)]
        return self.rng.sample(choices, self.rng.randint(low, high))

    def _note(self, meeting: Meeting, phase: str, rule: str, rows: list[Attendance]) -> MeetingNote:
        if meeting.focus == Meeting.Focus.TOPIC:
            sentences = dict(text.TOPICS)[meeting.focus_title]
            opener = self.rng.choice(text.TOPIC_OPENERS).format(topic=meeting.focus_title)
            body = self._pick(sentences, 3, 4) + self._pick(text.TOPIC_THREADS[phase], 1, 1)
        else:
            case = meeting.focus_title[0].lower() + meeting.focus_title[1:]
            opener = self.rng.choice(text.CASE_OPENERS).format(case=case)
            body = self._pick(text.CONTENT[phase], 3, 5)
            if meeting.focus == Meeting.Focus.CASE_PROBLEM_SOLVING:
                body += self._pick(text.PROBLEM_SOLVING, 1, 2)
        content = f"{opener}\n\n{' '.join(body)}"
        process = self._pick(
            text.PROCESS[phase], 3, 5, exclude="presenter" if meeting.focus == "topic" else ""
        )
        late = sum(row.status == Attendance.Status.LATE for row in rows)
        if late:
            process.append(_late_sentence(late, rule))
        return MeetingNote(
            meeting=meeting, content=content, process=" ".join(process), updated_by=self.leader
        )


def _late_sentence(count: int, rule: str) -> str:
    word = text.number_word(count).capitalize()
    if rule == GroupPolicy.Latecomers.EXCLUDED:
        arrivals = "late arrival was" if count == 1 else "late arrivals were"
        return f"{word} {arrivals} not admitted, as the traditional format requires."
    who = "resident arrived" if count == 1 else "residents arrived"
    return f"{word} {who} late and joined to listen."


def _upcoming(group: Group, today: datetime.date) -> list[Meeting]:
    zone = group.program.zone
    meetings = []
    for day in schedule.upcoming_days(today):
        starts, ends = schedule.local_span(day, zone)
        meetings.append(Meeting(group=group, starts_at=starts, ends_at=ends, status=Meeting.Status.SCHEDULED))
    return meetings


def _kept_people(scale: int) -> list[Person]:
    """People an earlier demo made that another program kept; other holders of demo usernames are refused."""
    users = get_user_model().objects.filter(username__in=usernames(scale)).select_related("person")
    kept, taken = [], []
    for user in users:
        person = getattr(user, "person", None)
        if person is not None and user.email == f"{user.username}@{EMAIL_DOMAIN}":
            kept.append(person)
        else:
            taken.append(user.username)
    if taken:
        raise ApplicationError(
            _("The demo needs usernames that are already taken: {names}.").format(
                names=", ".join(sorted(taken)[:5])
            ),
            extra={"usernames": sorted(taken)},
        )
    return kept


def build(*, scale: int, today: datetime.date) -> DemoWorld:
    """Create the base demo in the current transaction and return the world extensions build on."""
    program = Program(slug=SLUG, **PROGRAM)
    program.full_clean()
    program.save()
    cohorts = [
        Cohort.objects.create(program=program, name=name, entry_year=year) for name, year, _ in COHORTS
    ]
    people = _create_people(program=program, cohorts=cohorts, scale=scale)
    groups, meetings, attendances, notes = [], [], [], []
    by_group: dict[int, list[Person]] = {}
    for number, residents in enumerate(people.residents_by_group, start=1):
        group = _create_group(program=program, number=number, people=people, residents=residents)
        groups.append(group)
        by_group[group.pk] = residents
        history = _GroupHistory(
            group=group, residents=residents, leader=people.leaders[0], seed=f"balint-demo-{number}"
        )
        group_meetings, group_attendances, group_notes = history.build()
        meetings += group_meetings + _upcoming(group, today)
        attendances += group_attendances
        notes += group_notes
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    for row in attendances:
        row.meeting_id = row.meeting.pk
    for note in notes:
        note.meeting_id = note.meeting.pk
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    MeetingNote.objects.bulk_create(notes, batch_size=1000)
    return DemoWorld(
        program=program,
        cohorts=cohorts,
        groups=groups,
        admin=people.admin,
        leaders=people.leaders,
        residents=[person for residents in people.residents_by_group for person in residents],
        residents_by_group=by_group,
        transcriber=people.transcriber,
        analyst=people.analyst,
        meetings=meetings,
        rng=random.Random(SEED),
        history_start=schedule.HISTORY_START,
        history_end=schedule.HISTORY_END,
        flexible_from=schedule.FLEXIBLE_FROM,
        late_from=schedule.LATE_FROM,
        today=today,
        password=PASSWORD,
        scale=scale,
    )
