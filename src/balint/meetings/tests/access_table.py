from balint.core.testing.access import route


def _proposal(w) -> str:
    from balint.meetings.models import Proposal

    return str(
        Proposal.objects.create(
            meeting=w.next_meeting, author=w.other_resident, focus="topic", title="Feedback"
        ).code
    )


def _conflict(w) -> str:
    from balint.meetings.models import NoteConflict

    return str(
        NoteConflict.objects.create(
            note=w.past_meeting.note, author=w.co_leader, base_version=0, content="x"
        ).code
    )


def _feed(w) -> str:
    from balint.meetings.models import CalendarFeed

    return CalendarFeed.objects.create(person=w.resident).token


def _schedule(w) -> str:
    import datetime

    from balint.meetings.models import Schedule

    return str(
        Schedule.objects.get_or_create(
            group=w.group,
            weekday=1,
            weeks_of_month="1,2,4",
            start_time=datetime.time(12, 30),
            starts_on=datetime.date(2030, 9, 1),
            ends_on=datetime.date(2030, 10, 31),
        )[0].code
    )


EVERY_PERSON = ("administrator", "leader", "resident", "transcriber", "analyst", "outsider")

ROUTES = [
    route("meetings:list", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("meetings:schedule", "leader", args=lambda w: [w.group.code]),
    route("meetings:add", "leader", args=lambda w: [w.group.code]),
    route("meetings:schedule_edit", "leader", args=lambda w: [w.group.code, _schedule(w)]),
    route(
        "meetings:schedule_edit",
        "leader",
        args=lambda w: [w.group.code, _schedule(w)],
        method="post",
        data=lambda w: {
            "repeat": "monthly",
            "weekday": "2",
            "weeks_of_month": "1",
            "every_weeks": "1",
            "start_time": "13:00",
            "minutes": "60",
            "starts_on": "2030-09-01",
            "ends_on": "2030-10-31",
        },
    ),
    route(
        "meetings:schedule_end",
        "leader",
        args=lambda w: [w.group.code, _schedule(w)],
        method="post",
        data=lambda w: {"last_day": "2030-09-30"},
    ),
    route("meetings:attendance_history", "administrator", "leader", args=lambda w: [w.group.code]),
    route("meetings:phases", "leader", args=lambda w: [w.group.code]),
    route("meetings:detail", "administrator", "leader", "resident", args=lambda w: [w.past_meeting.code]),
    route("meetings:detail", "administrator", "leader", "resident", args=lambda w: [w.next_meeting.code]),
    route("meetings:move", "leader", args=lambda w: [w.next_meeting.code]),
    route(
        "meetings:cancel",
        "leader",
        args=lambda w: [w.next_meeting.code],
        method="post",
        data=lambda w: {"reason": "In-training examination"},
    ),
    route(
        "meetings:propose",
        "resident",
        args=lambda w: [w.next_meeting.code],
        method="post",
        data=lambda w: {"focus": "topic", "title": "Giving feedback to students"},
    ),
    route(
        "meetings:vote",
        "resident",
        args=lambda w: [w.next_meeting.code],
        method="post",
        data=lambda w: {"proposal": _proposal(w)},
    ),
    route(
        "meetings:focus",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"focus": "balint_case", "title": "A hard goodbye"},
    ),
    route(
        "meetings:poll_deadline",
        "leader",
        args=lambda w: [w.next_meeting.code],
        method="post",
        data=lambda w: {"date": w.next_meeting.local_start.date().isoformat(), "time": "08:00"},
    ),
    route("meetings:poll_close", "leader", args=lambda w: [w.next_meeting.code], method="post"),
    route(
        "meetings:case_summary",
        "leader",
        args=lambda w: [w.next_meeting.code],
        method="post",
        data=lambda w: {"case_summary": "A man in his fifties who misses appointments."},
    ),
    # world.resident presents past_meeting's case: the presenter writes the summary too.
    route("meetings:case_summary", "leader", "resident", args=lambda w: [w.past_meeting.code]),
    route("meetings:attendance", "leader", args=lambda w: [w.past_meeting.code]),
    route(
        "meetings:attendance",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"person": str(w.resident.code), "status": "late", "reason": "clinic_late"},
    ),
    route("meetings:note", "leader", args=lambda w: [w.past_meeting.code]),
    route(
        "meetings:note_autosave",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"content": "c", "process": "p", "tags": "trust", "base_version": "1"},
    ),
    route(
        "meetings:note_conflict_resolve",
        "leader",
        args=lambda w: [w.past_meeting.code, _conflict(w)],
        method="post",
    ),
    route("meetings:live", "leader", args=lambda w: [w.past_meeting.code]),
    route(
        "meetings:live_advance",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"action": "start", "phase": "-1"},
    ),
    route("meetings:ics", "administrator", "leader", "resident", args=lambda w: [w.next_meeting.code]),
    route("meetings:calendar", *EVERY_PERSON),
    route("meetings:calendar", *EVERY_PERSON, method="post", data=lambda w: {"action": "create"}),
    route("meetings:feed", public=True, args=lambda w: [_feed(w)]),
]
