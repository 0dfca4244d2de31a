"""Who may use each leader-development URL.

The log, debriefs and followed paths are the signed-in leader's own: the URLs without a code open
*your* log (so any leader, including a leader of another program, may use them), and a code that is
someone else's is a 404. Program admins reach only shared summaries.
"""

import datetime

from balint.core.testing.access import route
from balint.leaders.tests.factories import leader_entries, ready_made


def _e(w):
    return leader_entries(w)


TODAY = datetime.date.today().isoformat()

ROUTES = [
    route("leaders:log", "leader", "outsider"),
    route("leaders:home_panel", "leader", "outsider"),
    route("leaders:debriefs", "leader", "outsider"),
    route("leaders:debrief", "leader", args=lambda w: [w.past_meeting.code]),
    route(
        "leaders:debrief",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"reflection": "We talked it over.", "with_co_leader": "on"},
    ),
    route("leaders:debrief_delete", "leader", args=lambda w: [_e(w).debrief.code], method="post"),
    route("leaders:paths", "administrator", "leader", "outsider"),
    route("leaders:path_new", "administrator", "leader", "outsider"),
    route(
        "leaders:path_new",
        "administrator",
        "leader",
        "outsider",  # may define paths for their own program; naming ours is a 422
        method="post",
        data=lambda w: {
            "program": w.program.pk,
            "name": "Access path",
            "body": "Lakeside",
            "req-TOTAL_FORMS": "1",
            "req-INITIAL_FORMS": "0",
            "req-0-kind": "sessions_count",
            "req-0-label": "Lead ten sessions",
            "req-0-minimum": "10",
            "req-0-per_month": "1",
            "req-0-required": "on",
        },
    ),
    route("leaders:path", "administrator", "leader", "outsider", args=lambda w: [ready_made().code]),
    route("leaders:path", "administrator", "leader", args=lambda w: [_e(w).program_path.code]),
    route("leaders:path_edit", "administrator", "leader", args=lambda w: [_e(w).program_path.code]),
    route(
        "leaders:path_follow",
        "leader",
        "outsider",
        args=lambda w: [ready_made().code],
        method="post",
        data=lambda w: {"started_on": TODAY},
    ),
    route("leaders:progress", "leader", args=lambda w: [_e(w).followed.code]),
    route("leaders:progress_settings", "leader", args=lambda w: [_e(w).followed.code]),
    route(
        "leaders:progress_settings",
        "leader",
        args=lambda w: [_e(w).followed.code],
        method="post",
        data=lambda w: {"started_on": TODAY, "shared": "on"},
    ),
    route(
        "leaders:progress_share",
        "leader",
        args=lambda w: [_e(w).followed.code],
        method="post",
        data=lambda w: {"shared": "on"},
    ),
    route("leaders:progress_stop", "leader", args=lambda w: [_e(w).followed.code], method="post"),
    route("leaders:export_xlsx", "leader", args=lambda w: [_e(w).followed.code]),
    route("leaders:export_pdf", "leader", args=lambda w: [_e(w).followed.code]),
    route("leaders:shared", "administrator", args=lambda w: [w.program.slug]),
    route("leaders:training_new", "leader", "outsider"),
    route(
        "leaders:training_new",
        "leader",
        "outsider",
        method="post",
        data=lambda w: {"kind": "workshop", "title": "Workshop", "starts_on": "2025-04-30", "hours": "6"},
    ),
    route("leaders:training_edit", "leader", args=lambda w: [_e(w).training.code]),
    route("leaders:training_delete", "leader", args=lambda w: [_e(w).training.code], method="post"),
    route("leaders:supervision_new", "leader", "outsider"),
    route(
        "leaders:supervision_new",
        "leader",
        "outsider",
        method="post",
        data=lambda w: {
            "held_on": "2025-05-01",
            "supervisor": "Dr Sup",
            "group_elsewhere": "Elsewhere",
            "hours": "1",
        },
    ),
    route("leaders:supervision_edit", "leader", args=lambda w: [_e(w).supervision.code]),
    route(
        "leaders:supervision_edit",
        "leader",
        args=lambda w: [_e(w).supervision.code],
        method="post",
        data=lambda w: {"held_on": "2025-05-02", "supervisor": "Dr Sup", "group": w.group.pk, "hours": "1.5"},
    ),
    route("leaders:supervision_delete", "leader", args=lambda w: [_e(w).supervision.code], method="post"),
    route("leaders:elsewhere_new", "leader", "outsider"),
    route("leaders:elsewhere_edit", "leader", args=lambda w: [_e(w).elsewhere.code]),
    route("leaders:elsewhere_delete", "leader", args=lambda w: [_e(w).elsewhere.code], method="post"),
]
