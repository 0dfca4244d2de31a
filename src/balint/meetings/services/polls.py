"""Residents choose a session's focus: proposals before a deadline, one vote each, leaders confirm."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from balint.core.dates import moment
from balint.core.errors import ApplicationError
from balint.core.services import validated
from balint.meetings.models import Meeting, Proposal, Vote
from balint.meetings.services.locks import locked_meeting
from balint.programs.models import GroupPolicy, Person

MAX_PROPOSALS_PER_RESIDENT = 3

# Shown to everyone on the poll, and applied by `poll_tally` and `focus_confirm`.
POLL_RULES = (
    gettext_lazy("Each resident has one vote and may move it until the deadline."),
    gettext_lazy(
        "After the deadline the proposal with the most votes becomes the focus; the leaders confirm it."
    ),
    gettext_lazy("On a tie, the leaders choose among the tied proposals."),
    gettext_lazy("With no votes, the leaders choose the focus."),
    gettext_lazy(
        "The leaders may close the poll early; its deadline then becomes the moment they closed it."
    ),
)


def meeting_policy(*, meeting: Meeting) -> GroupPolicy | None:
    """The group's policy on the day of the session."""
    return meeting.group.policy_on(meeting.local_start.date())


def residents_choose(*, meeting: Meeting) -> bool:
    policy = meeting_policy(meeting=meeting)
    return bool(policy and policy.residents_choose_focus)


def problem_solving_permitted(*, meeting: Meeting) -> bool:
    policy = meeting_policy(meeting=meeting)
    return bool(policy and policy.problem_solving_allowed)


def poll_is_open(*, meeting: Meeting) -> bool:
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.focus_confirmed_at is None
        and timezone.now() < meeting.poll_deadline
        and residents_choose(meeting=meeting)
    )


def _refuse_unless_open(meeting: Meeting, person: Person) -> None:
    if not residents_choose(meeting=meeting):
        raise ApplicationError(_("In this group the leaders choose the focus; there is no poll."))
    if not meeting.group.has_member(person):
        raise ApplicationError(_("Only the group's residents propose and vote."))
    if meeting.status != Meeting.Status.SCHEDULED or meeting.focus_confirmed_at is not None:
        raise ApplicationError(_("The focus of this session is already settled."))
    if timezone.now() >= meeting.poll_deadline:
        raise ApplicationError(
            _("The poll closed on {local_poll_deadline}.").format(
                local_poll_deadline=moment(meeting.local_poll_deadline, meeting.group.program.zone)
            ),
            extra={"deadline": meeting.poll_deadline.isoformat()},
        )


def _check_focus(meeting: Meeting, focus: str) -> None:
    if focus not in Meeting.Focus.values:
        raise ApplicationError(
            _("Choose a case discussion or a professional-development topic."), extra={"field": "focus"}
        )
    if focus == Meeting.Focus.CASE_PROBLEM_SOLVING and not problem_solving_permitted(meeting=meeting):
        raise ApplicationError(
            _("This group's policy keeps problem solving out of case discussions."), extra={"field": "focus"}
        )


@transaction.atomic
def proposal_create(*, meeting: Meeting, person: Person, focus: str, title: str) -> Proposal:
    """Add a resident's proposal while the poll is open; the same one twice, or a fourth, is refused."""
    meeting = locked_meeting(meeting)
    _refuse_unless_open(meeting, person)
    _check_focus(meeting, focus)
    title = " ".join(title.split())
    if not title:
        raise ApplicationError(_("Describe the case or the topic in one line."), extra={"field": "title"})
    mine = list(meeting.proposals.filter(author=person).values_list("title", flat=True))
    if any(existing.casefold() == title.casefold() for existing in mine):
        raise ApplicationError(_("You have already proposed this."), extra={"field": "title"})
    if len(mine) >= MAX_PROPOSALS_PER_RESIDENT:
        raise ApplicationError(
            _("At most {MAX_PROPOSALS_PER_RESIDENT} proposals each per session.").format(
                MAX_PROPOSALS_PER_RESIDENT=MAX_PROPOSALS_PER_RESIDENT
            )
        )
    proposal = validated(Proposal(meeting=meeting, author=person, focus=focus, title=title))
    proposal.save()
    return proposal


@transaction.atomic
def vote_cast(*, meeting: Meeting, person: Person, proposal: Proposal) -> Vote:
    """Record the resident's single vote for this session, moving an earlier one."""
    meeting = locked_meeting(meeting)
    _refuse_unless_open(meeting, person)
    if proposal.meeting_id != meeting.pk:
        raise ApplicationError(_("That proposal belongs to another session."), extra={"field": "proposal"})
    vote, _unused = Vote.objects.update_or_create(
        meeting=meeting, person=person, defaults={"proposal": proposal}
    )
    return vote


@transaction.atomic
def poll_deadline_set(*, meeting: Meeting, by: Person, closes_at: datetime.datetime) -> Meeting:
    """Move the poll's deadline; it must fall in the future and before the session starts."""
    meeting = locked_meeting(meeting)
    if not meeting.group.has_leader(by):
        raise ApplicationError(_("Only the group's leaders set the poll's deadline."))
    if meeting.status != Meeting.Status.SCHEDULED or meeting.focus_confirmed_at is not None:
        raise ApplicationError(_("The focus of this session is already settled."))
    if not timezone.now() < closes_at <= meeting.starts_at:
        raise ApplicationError(
            _("The poll closes in the future and no later than the session starts."),
            extra={"field": "closes_at"},
        )
    meeting.poll_closes_at = closes_at
    meeting.save(update_fields=["poll_closes_at", "updated_at"])
    return meeting


@transaction.atomic
def poll_close(*, meeting: Meeting, by: Person) -> Meeting:
    """Close an open poll now: its deadline becomes this moment, so every rule shown stays true."""
    meeting = locked_meeting(meeting)
    if not meeting.group.has_leader(by):
        raise ApplicationError(_("Only the group's leaders close the poll."))
    if not poll_is_open(meeting=meeting):
        raise ApplicationError(_("This poll is already closed."))
    meeting.poll_closes_at = timezone.now()
    meeting.save(update_fields=["poll_closes_at", "updated_at"])
    return meeting


@dataclass(frozen=True)
class PollTally:
    """Votes per proposal, most first, and what the rules make of them."""

    rows: list[tuple[Proposal, int]]
    total: int
    winner: Proposal | None
    tied: list[Proposal]

    @property
    def outcome(self) -> str:
        if self.total == 0:
            return _("No votes: the leaders choose the focus.")
        if self.winner:
            return _("Most votes: %(title)s.") % {"title": self.winner.title}
        return ngettext(
            "A tie between %(count)d proposal: the leaders choose among them.",
            "A tie between %(count)d proposals: the leaders choose among them.",
            len(self.tied),
        ) % {"count": len(self.tied)}


def poll_tally(*, meeting: Meeting) -> PollTally:
    """Count the votes (two queries); the winner is the single proposal with the most votes."""
    counts: dict[int, int] = {}
    for proposal_id in Vote.objects.filter(meeting=meeting).values_list("proposal_id", flat=True):
        counts[proposal_id] = counts.get(proposal_id, 0) + 1
    proposals = list(meeting.proposals.select_related("author"))
    rows = sorted(((p, counts.get(p.pk, 0)) for p in proposals), key=lambda row: -row[1])
    total = sum(counts.values())
    top = rows[0][1] if rows else 0
    leaders = [p for p, n in rows if n == top] if top else []
    return PollTally(
        rows=rows,
        total=total,
        winner=leaders[0] if len(leaders) == 1 else None,
        tied=leaders if len(leaders) > 1 else [],
    )


@transaction.atomic
def focus_confirm(
    *, meeting: Meeting, by: Person, proposal: Proposal | None = None, focus: str = "", title: str = ""
) -> Meeting:
    """Settle the focus: the poll's winner, one of the tied, or the leaders' own choice when no one voted."""
    meeting = locked_meeting(meeting)
    if not meeting.group.has_leader(by):
        raise ApplicationError(_("Only the group's leaders settle the focus."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ApplicationError(_("This session is cancelled."))
    if (
        residents_choose(meeting=meeting)
        and meeting.focus_confirmed_at is None
        and meeting.status == Meeting.Status.SCHEDULED
    ):
        if timezone.now() < meeting.poll_deadline:
            raise ApplicationError(
                _("The residents' poll is still open; confirm the focus after its deadline.")
            )
        tally = poll_tally(meeting=meeting)
        if tally.winner and (proposal is None or proposal.pk != tally.winner.pk):
            raise ApplicationError(
                _("The residents chose “{title}”; confirm their choice.").format(title=tally.winner.title)
            )
        if tally.tied and (proposal is None or proposal.pk not in {p.pk for p in tally.tied}):
            raise ApplicationError(_("Choose one of the tied proposals."))
    if proposal is not None:
        if proposal.meeting_id != meeting.pk:
            raise ApplicationError(
                _("That proposal belongs to another session."), extra={"field": "proposal"}
            )
        focus, title = proposal.focus, proposal.title
        if proposal.focus != Meeting.Focus.TOPIC:
            meeting.presenter = proposal.author
    _check_focus(meeting, focus)
    title = " ".join(title.split())
    if focus == Meeting.Focus.TOPIC and not title:
        raise ApplicationError(_("A professional-development topic needs a title."), extra={"field": "title"})
    meeting.focus, meeting.focus_title = focus, title
    meeting.focus_confirmed_at = timezone.now()
    validated(meeting).save()
    return meeting
