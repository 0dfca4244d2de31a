"""Every API URL and the token page with the personas that may use them (session sign-in, as the matrix does).

Token-specific checks (another program, a resident's token, revoked or expired tokens) are in
test_token_access.py.
"""

from balint.core.testing.access import route

ALL = ("administrator", "leader", "resident", "transcriber", "analyst", "outsider")


def _survey(w):
    from balint.surveys.tests.factories import survey_world

    return survey_world(w)


def _source(w):
    from balint.coding.tests.factories import world_analysis

    return world_analysis(w).source


def _coding(w):
    from balint.coding.tests.factories import world_analysis

    return world_analysis(w).coding


def _leader_token(w):
    cached = getattr(w, "_api_token", None)
    if cached is None:
        from balint.api.services import api_token_create

        cached = w._api_token = api_token_create(person=w.leader, name="Dashboard").token
    return cached


ROUTES = [
    route("api:api-root"),  # ninja's own /api/v1/ placeholder: a 404 for everyone
    route("api:openapi-json", public=True),
    route("api:openapi-view", public=True),
    route("api:tokens", *ALL),
    route("api:token_revoke", "leader", args=lambda w: [_leader_token(w).code], method="post"),
    route("api:me", *ALL),
    route("api:program_list", *ALL),
    route("api:program_detail", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:people_list", "administrator", "leader", args=lambda w: [w.program.slug]),
    route(
        "api:group_list",
        "administrator",
        "leader",
        "resident",
        "transcriber",
        "analyst",
        args=lambda w: [w.program.slug],
    ),
    route("api:group_detail", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("api:session_list", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("api:session_detail", "administrator", "leader", "resident", args=lambda w: [w.past_meeting.code]),
    route("api:session_poll", "administrator", "leader", "resident", args=lambda w: [w.next_meeting.code]),
    route("api:session_attendance", "administrator", "leader", args=lambda w: [w.past_meeting.code]),
    route(
        "api:attendance_record",
        "leader",
        args=lambda w: [w.past_meeting.code],
        method="post",
        data=lambda w: {"person": str(w.resident.code), "status": "late"},
    ),
    route("api:group_attendance", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("api:session_notes", "leader", args=lambda w: [w.past_meeting.code]),
    route("api:survey_list", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:survey_results", "administrator", "leader", "analyst", args=lambda w: [_survey(w).code]),
    route("api:source_list", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:source_detail", "leader", "analyst", args=lambda w: [_source(w).code]),
    route("api:codebook", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:coding_list", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:coding_create", "leader", "analyst", args=lambda w: [_source(w).code], method="post"),
    # only the coder may remove a coding: the leader's own here (the analyst is refused with 403)
    route("api:coding_delete", "leader", args=lambda w: [_coding(w).code], method="delete"),
    route("api:export_qdpx", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:export_qdc", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("api:export_table", "administrator", "leader", args=lambda w: [w.program.slug, "attendance"]),
]
