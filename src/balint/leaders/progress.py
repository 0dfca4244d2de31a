"""Evaluates a certification path's requirements against a leader's log: what is met, since when, and by when.

Pure functions over the `LeaderLog` the selectors build, so every edge case is testable without a page.
Windows: an entry counts when its day falls between the leader's start date (or any earlier day when the
requirement says entries before the start count) and today, and, when the requirement has
`within_months`, no later than that many months after the start date. A training event counts on its
last day. Projections assume the leader keeps the pace they have had since the start of the window.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balint.leaders.models import FollowedPath, Requirement

Kind = Requirement.Kind


@dataclass(frozen=True)
class LedSession:
    """One session the leader led or co-led: a held session of a group they lead, or one entered by hand."""

    day: datetime.date
    minutes: int
    group: str
    program: str
    co_leaders: tuple[str, ...]
    debriefed: bool
    in_workspace: bool
    code: str = ""


@dataclass(frozen=True)
class Training:
    day: datetime.date
    kind: str
    hours: Decimal


@dataclass(frozen=True)
class Supervision:
    day: datetime.date
    hours: Decimal


@dataclass
class LeaderLog:
    """Everything a leader's progress is computed from; built by `selectors.leader_log`."""

    sessions: list[LedSession] = field(default_factory=list)
    training: list[Training] = field(default_factory=list)
    supervision: list[Supervision] = field(default_factory=list)


@dataclass(frozen=True)
class SessionDay:
    """The sessions of one day: how many, their minutes, how many were in the workspace and debriefed."""

    day: datetime.date
    sessions: int
    minutes: int
    in_workspace: int
    debriefed: int


@dataclass(frozen=True)
class TrainingDay:
    day: datetime.date
    kind: str
    events: int
    hours: Decimal


@dataclass(frozen=True)
class SupervisionDay:
    day: datetime.date
    sessions: int
    hours: Decimal


@dataclass(frozen=True)
class LogTotals:
    """A log summed per day (sessions, supervision) and per day and kind (training), in day order.

    All that progress needs: `selectors.log_totals` sums it in the database, `totals_of` from a `LeaderLog`.
    """

    sessions: tuple[SessionDay, ...] = ()
    training: tuple[TrainingDay, ...] = ()
    supervision: tuple[SupervisionDay, ...] = ()


def totals_of(log: LeaderLog) -> LogTotals:
    """The same sums as the database's, from a log held in memory."""
    sessions: dict = {}
    for s in log.sessions:
        n, minutes, workspace, debriefed = sessions.get(s.day, (0, 0, 0, 0))
        sessions[s.day] = (
            n + 1,
            minutes + s.minutes,
            workspace + s.in_workspace,
            debriefed + (s.in_workspace and s.debriefed),
        )
    training: dict = {}
    for t in log.training:
        n, hours = training.get((t.day, t.kind), (0, Decimal(0)))
        training[(t.day, t.kind)] = (n + 1, hours + Decimal(t.hours))
    supervision: dict = {}
    for s in log.supervision:
        n, hours = supervision.get(s.day, (0, Decimal(0)))
        supervision[s.day] = (n + 1, hours + Decimal(s.hours))
    return LogTotals(
        sessions=tuple(SessionDay(day, *sessions[day]) for day in sorted(sessions)),
        training=tuple(TrainingDay(day, kind, *training[(day, kind)]) for day, kind in sorted(training)),
        supervision=tuple(SupervisionDay(day, *supervision[day]) for day in sorted(supervision)),
    )


@dataclass(frozen=True)
class RequirementProgress:
    requirement: Requirement
    amount: Decimal
    minimum: Decimal
    unit: str
    met: bool
    met_on: datetime.date | None = None
    projected_on: datetime.date | None = None
    deadline: datetime.date | None = None
    advice: str = ""

    @property
    def percent(self) -> int:
        if self.minimum <= 0:
            return 100
        return min(100, int(self.amount * 100 / self.minimum))

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), self.minimum - self.amount)

    @property
    def missing_label(self) -> str:
        """What is missing with its unit, e.g. '1 event', '2.5 hours', '90 %'."""
        unit = self.unit[:-1] if self.missing == 1 and self.unit.endswith("s") else self.unit
        return f"{self.missing.normalize():f} {unit}".strip()

    @property
    def late(self) -> bool:
        """Projected to be met only after its window closes."""
        return bool(self.deadline and self.projected_on and self.projected_on > self.deadline)


@dataclass(frozen=True)
class PathProgress:
    followed: FollowedPath
    items: list[RequirementProgress]
    today: datetime.date

    @property
    def required(self) -> list[RequirementProgress]:
        return [item for item in self.items if item.requirement.required]

    @property
    def met_count(self) -> int:
        return sum(item.met for item in self.required)

    @property
    def complete(self) -> bool:
        return all(item.met for item in self.required)

    @property
    def projected_on(self) -> datetime.date | None:
        """When every required item should be met at the current pace; None if one has no pace yet."""
        if self.complete:
            return None
        dates = [item.projected_on for item in self.required if not item.met]
        return None if any(d is None for d in dates) else max(dates)

    @property
    def behind_target(self) -> bool:
        target = self.followed.target_on
        return bool(
            target and not self.complete and (self.projected_on is None or self.projected_on > target)
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clipped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def calendar_months(first: datetime.date, last: datetime.date) -> int:
    """Calendar months from first to last, both counted: January to December of one year is 12."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _window(requirement: Requirement, followed: FollowedPath, today: datetime.date) -> tuple:
    start = datetime.date.min if requirement.counts_before_start else followed.started_on
    deadline = None
    end = today
    if requirement.within_months:
        deadline = add_months(followed.started_on, requirement.within_months) - datetime.timedelta(days=1)
        end = min(today, deadline)
    return start, end, deadline


def _series(requirement: Requirement, totals: LogTotals, start: datetime.date, end: datetime.date) -> list:
    """(day, increment) pairs for the cumulative kinds, in day order; session hours count in minutes."""
    inside = lambda day: start <= day <= end  # noqa: E731
    kind = requirement.kind
    if kind == Kind.SESSIONS_COUNT:
        pairs = [(d.day, Decimal(d.sessions)) for d in totals.sessions if inside(d.day)]
    elif kind == Kind.SESSIONS_HOURS:
        pairs = [(d.day, Decimal(d.minutes)) for d in totals.sessions if inside(d.day)]
    elif kind in (Kind.TRAINING_COUNT, Kind.TRAINING_HOURS):
        days = [
            t
            for t in totals.training
            if inside(t.day) and (not requirement.training_kind or t.kind == requirement.training_kind)
        ]
        pairs = [
            (t.day, Decimal(t.events) if kind == Kind.TRAINING_COUNT else Decimal(t.hours)) for t in days
        ]
    elif kind == Kind.SUPERVISION_COUNT:
        pairs = [(s.day, Decimal(s.sessions)) for s in totals.supervision if inside(s.day)]
    elif kind == Kind.SUPERVISION_HOURS:
        pairs = [(s.day, Decimal(s.hours)) for s in totals.supervision if inside(s.day)]
    elif kind == Kind.REGULAR_MONTHS:
        # A month counts on the day of its `per_month`-th session.
        needed = max(1, requirement.per_month)
        seen: Counter = Counter()
        pairs = []
        for d in totals.sessions:
            if not inside(d.day):
                continue
            month = (d.day.year, d.day.month)
            before = seen[month]
            seen[month] += d.sessions
            if before < needed <= seen[month]:
                pairs.append((d.day, Decimal(1)))
    else:  # pragma: no cover - other kinds do not accumulate
        pairs = []
    return sorted(pairs, key=lambda pair: pair[0])


UNITS = {
    Kind.SESSIONS_COUNT: "sessions",
    Kind.SESSIONS_HOURS: "hours",
    Kind.REGULAR_MONTHS: "months",
    Kind.SPAN_MONTHS: "months",
    Kind.TRAINING_COUNT: "events",
    Kind.TRAINING_HOURS: "hours",
    Kind.SUPERVISION_COUNT: "sessions",
    Kind.SUPERVISION_HOURS: "hours",
    Kind.DEBRIEF_PERCENT: "%",
    Kind.ATTESTATION: "",
}


def _round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _project(
    amount: Decimal, minimum: Decimal, pace_from: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    """The day the amount reaches the minimum if it keeps growing as it has since `pace_from`."""
    if amount <= 0 or pace_from is None:
        return None
    elapsed = max(1, (today - pace_from).days)
    per_day = amount / elapsed
    return today + datetime.timedelta(
        days=int(((minimum - amount) / per_day).to_integral_value(rounding="ROUND_CEILING"))
    )


def evaluate(
    requirement: Requirement,
    followed: FollowedPath,
    log: LeaderLog | LogTotals,
    today: datetime.date,
    confirmed: set[int],
) -> RequirementProgress:
    """One requirement's amount, whether and when it was met, and when it should be at the current pace."""
    totals = totals_of(log) if isinstance(log, LeaderLog) else log
    start, end, deadline = _window(requirement, followed, today)
    minimum = Decimal(requirement.minimum)
    unit = UNITS[requirement.kind]
    common = {"requirement": requirement, "unit": unit, "deadline": deadline}
    kind = requirement.kind
    if kind == Kind.ATTESTATION:
        met = requirement.pk in confirmed
        advice = "" if met else _("Confirm it on this page once it holds.")
        return RequirementProgress(
            amount=Decimal(int(met)), minimum=Decimal(1), met=met, advice=advice, **common
        )
    if kind == Kind.DEBRIEF_PERCENT:
        days = [d for d in totals.sessions if start <= d.day <= end]
        held = sum(d.in_workspace for d in days)
        done = sum(d.debriefed for d in days)
        amount = _round(Decimal(done * 100) / held) if held else Decimal(0)
        met = bool(held) and amount >= minimum if minimum > 0 else True
        advice = (
            ""
            if met
            else ngettext(
                "Write a debrief after each session: %(done)d of %(held)d so far.",
                "Write a debrief after each session: %(done)d of %(held)d so far.",
                held,
            )
            % {"done": done, "held": held}
        )
        return RequirementProgress(amount=amount, minimum=minimum, met=met, advice=advice, **common)
    if kind == Kind.SPAN_MONTHS:
        days = [d.day for d in totals.sessions if start <= d.day <= end and d.sessions]
        amount = Decimal(calendar_months(days[0], days[-1])) if days else Decimal(0)
        needed = int(minimum.to_integral_value(rounding="ROUND_CEILING"))
        met = amount >= minimum
        met_on = projected = None
        if days and needed >= 1:
            first_month_day = days[0].replace(day=1)
            reaching_month = add_months(first_month_day, needed - 1)
            if met:
                met_on = next(day for day in days if day >= reaching_month)
            else:
                projected = max(reaching_month, today)
        advice = "" if met or days else _("Lead a session to start the span.")
        return RequirementProgress(
            amount=amount,
            minimum=minimum,
            met=met,
            met_on=met_on,
            projected_on=projected,
            advice=advice,
            **common,
        )
    pairs = _series(requirement, totals, start, end)
    # Session hours are summed in whole minutes, so a minimum of hours is reached exactly (no thirds).
    per = Decimal(60) if kind == Kind.SESSIONS_HOURS else Decimal(1)
    amount = _round(sum((inc for _, inc in pairs), Decimal(0)) / per)
    met = amount >= minimum
    met_on = None
    if met and minimum > 0:
        running = Decimal(0)
        for day, increment in pairs:
            running += increment
            if running >= minimum * per:
                met_on = day
                break
    projected = None
    if not met:
        pace_from = followed.started_on
        if requirement.counts_before_start and pairs:
            pace_from = min(pace_from, pairs[0][0])
        if kind == Kind.REGULAR_MONTHS and amount > 0:
            # A month at a time: the remaining months, at the share of months that counted so far.
            elapsed_months = max(1, calendar_months(pace_from, today))
            share = amount / elapsed_months
            remaining = int(((minimum - amount) / share).to_integral_value(rounding="ROUND_CEILING"))
            projected = add_months(today, remaining)
        else:
            projected = _project(amount, minimum, pace_from, today)
    advice = ""
    if not met and amount == 0:
        advice = _("Nothing counted yet, so no pace to project from.")
    return RequirementProgress(
        amount=amount,
        minimum=minimum,
        met=met,
        met_on=met_on,
        projected_on=projected,
        advice=advice,
        **common,
    )


def path_progress(followed: FollowedPath, log: LeaderLog | LogTotals, today: datetime.date) -> PathProgress:
    """Every requirement of the followed path evaluated against the log (or its sums) on `today`."""
    confirmed = {requirement.pk for requirement in followed.confirmed.all()}
    totals = totals_of(log) if isinstance(log, LeaderLog) else log
    items = [evaluate(r, followed, totals, today, confirmed) for r in followed.path.requirements.all()]
    return PathProgress(followed=followed, items=items, today=today)
