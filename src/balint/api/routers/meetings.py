"""Sessions, attendance, focus polls and notes; each rule is a Roles method or a meetings.access helper."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from balint.api.errors import READ_ERRORS, WRITE_ERRORS
from balint.api.pagination import Page
from balint.api.schemas import DateRange, GroupRef, PersonRef, body_doc, json_body
from balint.meetings import selectors, services
from balint.meetings.access import get_meeting_for, runs, sees_attendance_history
from balint.meetings.models import Attendance, Meeting
from balint.programs.access import get_group_for, get_person_for

router = Router(tags=["sessions"])


class MeetingOut(Schema):
    code: UUID
    group: GroupRef
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    cancel_reason: str
    focus: str
    focus_title: str
    presenter: PersonRef | None
    moved_from: datetime.datetime | None
    poll_closes_at: datetime.datetime
    focus_confirmed_at: datetime.datetime | None

    @staticmethod
    def resolve_poll_closes_at(obj: Meeting) -> datetime.datetime:
        return obj.poll_deadline


class MeetingDetailOut(MeetingOut):
    case_summary: str | None  # the de-identified case, for the group's leaders only


class SessionFilters(DateRange):
    status: Literal["scheduled", "held", "cancelled"] | None = None


class AttendanceOut(Schema):
    session: UUID
    starts_at: datetime.datetime
    person: PersonRef
    status: str
    reason: str
    latecomer_rule: str
    label: str

    @staticmethod
    def resolve_session(obj: Attendance) -> UUID:
        return obj.meeting.code

    @staticmethod
    def resolve_starts_at(obj: Attendance) -> datetime.datetime:
        return obj.meeting.starts_at


class SheetRowOut(Schema):
    person: PersonRef
    status: str | None
    reason: str
    label: str | None


class AttendanceIn(Schema):
    person: UUID
    status: Literal["on_time", "late", "absent"]
    reason: Literal["", "clinic_late", "on_service", "post_call", "leave", "other"] = ""


class ProposalOut(Schema):
    code: UUID
    focus: str
    title: str
    votes: int | None = None  # counts and authors: the group's leaders only
    author: PersonRef | None = None
    mine: bool = False


class PollOut(Schema):
    residents_choose: bool
    open: bool
    deadline: datetime.datetime
    proposals: list[ProposalOut]
    my_vote: UUID | None  # the caller's own vote, for a resident of the group
    total_votes: int | None


class NoteOut(Schema):
    content: str
    process: str
    tags: list[str]
    version: int
    updated_at: datetime.datetime | None


def _meetings_in_range(queryset, dates: DateRange, zone):
    start, end = dates.day_bounds(zone)
    if start:
        queryset = queryset.filter(starts_at__gte=start)
    if end:
        queryset = queryset.filter(starts_at__lt=end)
    return queryset


@router.get(
    "/groups/{code}/sessions", response={200: list[MeetingOut], **READ_ERRORS}, url_name="session_list"
)
@paginate(Page)
def session_list(request: HttpRequest, code: UUID, filters: Query[SessionFilters]):
    """The group's sessions by start, filtered by day (`from`/`to`) and status; for everyone in the group."""
    group, roles = get_group_for(request, code, lambda r, g: r.can_view_group(g))
    meetings = _meetings_in_range(selectors.meeting_list(group=group), filters, group.program.zone)
    if filters.status:
        meetings = meetings.filter(status=filters.status)
    return meetings.order_by("starts_at", "pk")


@router.get("/sessions/{code}", response={200: MeetingDetailOut, **READ_ERRORS}, url_name="session_detail")
def session_detail(request: HttpRequest, code: UUID) -> Meeting:
    """One session; the case summary only for the group's leaders."""
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    meeting.case_summary = meeting.case_summary if roles.can_run_group(meeting.group) else None
    return meeting


@router.get("/sessions/{code}/poll", response={200: PollOut, **READ_ERRORS}, url_name="session_poll")
def session_poll(request: HttpRequest, code: UUID) -> dict:
    """The focus poll: proposals for the group; vote counts and authors for its leaders; never who voted."""
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_view_group(g))
    meeting = selectors.meeting_with_poll(meeting=meeting)
    group = meeting.group
    chooses = services.residents_choose(meeting=meeting)
    my_vote = selectors.vote_of(meeting=meeting, person=roles.person) if roles.belongs_to(group) else None
    proposals = [
        {
            "code": p.code,
            "focus": p.focus,
            "title": p.title,
            "mine": p.author_id == getattr(roles.person, "pk", None),
        }
        for p in meeting.proposals.all()
    ]
    total = None
    if roles.can_run_group(group):
        tally = services.poll_tally(meeting=meeting)
        counts = {p.pk: (n, p.author) for p, n in tally.rows}
        total = tally.total
        for row, proposal in zip(proposals, meeting.proposals.all(), strict=True):
            n, author = counts.get(proposal.pk, (0, proposal.author))
            row |= {"votes": n, "author": author}
    return {
        "residents_choose": chooses,
        "open": services.poll_is_open(meeting=meeting),
        "deadline": meeting.poll_deadline,
        "proposals": proposals,
        "my_vote": my_vote.proposal.code if my_vote else None,
        "total_votes": total,
    }


@router.get(
    "/sessions/{code}/attendance",
    response={200: list[SheetRowOut], **READ_ERRORS},
    url_name="session_attendance",
)
def session_attendance(request: HttpRequest, code: UUID) -> list[dict]:
    """Every member of the group with their mark for the session (the group's leaders and administrators)."""
    meeting, roles = get_meeting_for(request, code, sees_attendance_history)
    return [
        {
            "person": row.person,
            "status": row.attendance.status if row.attendance else None,
            "reason": row.attendance.reason if row.attendance else "",
            "label": row.attendance.label if row.attendance else None,
        }
        for row in selectors.attendance_sheet(meeting=meeting)
    ]


@router.post(
    "/sessions/{code}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    url_name="attendance_record",
    openapi_extra=body_doc(AttendanceIn),
)
def attendance_record(request: HttpRequest, code: UUID) -> Attendance:
    """Record or change one member's mark (the group's leaders); the same mark twice changes nothing."""
    meeting, roles = get_meeting_for(request, code, runs)
    mark = json_body(request, AttendanceIn)
    person = get_person_for(request, meeting.group.program, mark.person)
    return services.attendance_record(meeting=meeting, person=person, status=mark.status, reason=mark.reason)


@router.get(
    "/groups/{code}/attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    url_name="group_attendance",
)
@paginate(Page)
def group_attendance(request: HttpRequest, code: UUID, dates: Query[DateRange]):
    """Marks of the group's sessions by day: all of them for its leaders and administrators, a resident's own
    marks for a resident of the group."""
    group, roles = get_group_for(request, code, lambda r, g: sees_attendance_history(r, g) or r.belongs_to(g))
    marks = Attendance.objects.filter(meeting__group=group).select_related("meeting", "person")
    if not sees_attendance_history(roles, group):
        marks = marks.filter(person=roles.person)
    start, end = dates.day_bounds(group.program.zone)
    if start:
        marks = marks.filter(meeting__starts_at__gte=start)
    if end:
        marks = marks.filter(meeting__starts_at__lt=end)
    return marks.order_by("meeting__starts_at", "person__full_name", "pk")


@router.get("/sessions/{code}/notes", response={200: NoteOut, **READ_ERRORS}, url_name="session_notes")
def session_notes(request: HttpRequest, code: UUID) -> dict:
    """The leaders' content and process notes of a session (the group's leaders only)."""
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.can_read_notes(g))
    note, _ = selectors.note_with_conflicts(meeting=meeting)
    if note is None:
        return {"content": "", "process": "", "tags": [], "version": 0, "updated_at": None}
    return {
        "content": note.content,
        "process": note.process,
        "tags": [t.label for t in note.tags.all()],
        "version": note.version,
        "updated_at": note.updated_at,
    }
