from balint.core.testing.access import route

ROUTES = [
    route("programs:language", "administrator", "leader", "resident", "transcriber", "analyst", "outsider"),
    route(
        "programs:language",
        "administrator",
        "leader",
        "resident",
        "transcriber",
        "analyst",
        "outsider",
        method="post",
        data=lambda w: {"language": "de"},
    ),
    route("programs:detail", "administrator", "leader", "analyst", args=lambda w: [w.program.slug]),
    route("programs:people", "administrator", "leader", args=lambda w: [w.program.slug]),
    route("programs:person_create", "administrator", args=lambda w: [w.program.slug]),
    route(
        "programs:person_create",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {
            "full_name": "New Person",
            "email": "new@example.org",
            "username": "newp",
            "role": "resident",
        },
    ),
    route(
        "programs:person",
        "administrator",
        "leader",
        "resident",
        args=lambda w: [w.program.slug, w.resident.code],
    ),
    route("programs:group_create", "administrator", args=lambda w: [w.program.slug]),
    route("programs:group", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("programs:group_policy", "administrator", "leader", args=lambda w: [w.group.code]),
    route(
        "programs:group_policy",
        "administrator",
        "leader",
        args=lambda w: [w.group.code],
        method="post",
        data=lambda w: {
            "effective_from": "2025-01-01",
            "format": "flexible",
            "latecomers": "full",
            "focus_chosen_by": "leaders",
            "sessions_per_month": "3",
        },
    ),
]


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()


PROGRAM_DATA = {
    "name": "Lakeside FM Residency",
    "institution": "Lakeside Health",
    "specialty": "Family medicine",
    "time_zone": "America/Chicago",
    "year_start_month": "7",
    "training_years": "3",
    "anonymity_threshold": "5",
}

# Program maintenance: the program's administrators only (a site administrator creates programs).
ROUTES += [
    route("programs:create"),
    route("programs:create", method="post", data=lambda w: PROGRAM_DATA | {"name": "Another"}),
    route("programs:edit", "administrator", args=lambda w: [w.program.slug]),
    route(
        "programs:edit",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: PROGRAM_DATA,
    ),  # fmt: skip
    route("programs:cohorts", "administrator", args=lambda w: [w.program.slug]),
    route(
        "programs:cohorts",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"name": "Class of 2030", "entry_year": "2027"},
    ),  # fmt: skip
    route("programs:cohort_edit", "administrator", args=lambda w: [w.program.slug, w.cohort.code]),
    route(
        "programs:cohort_edit",
        "administrator",
        args=lambda w: [w.program.slug, w.cohort.code],
        method="post",
        data=lambda w: {"name": "Class of 2027 (new)", "entry_year": "2024"},
    ),  # fmt: skip
    route(
        "programs:cohort_graduate",
        "administrator",
        args=lambda w: [w.program.slug, w.cohort.code],
        method="post",
    ),  # fmt: skip
    route("programs:rollover", "administrator", args=lambda w: [w.program.slug]),
    route(
        "programs:rollover",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"year": str(w.program.academic_year + 1)},
    ),  # fmt: skip
    route("programs:roster_import", "administrator", args=lambda w: [w.program.slug]),
    route(
        "programs:roster_import",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"rows": "not-signed"},
    ),  # fmt: skip
    route("programs:person_edit", "administrator", args=lambda w: [w.program.slug, w.resident.code]),
    route(
        "programs:person_edit",
        "administrator",
        args=lambda w: [w.program.slug, w.transcriber.code],
        method="post",
        data=lambda w: {"full_name": "T. Renamed", "email": "t@example.org", "roles": ["transcriber"]},
    ),  # fmt: skip
    route(
        "programs:person_deactivate",
        "administrator",
        args=lambda w: [w.program.slug, w.resident.code],
        method="post",
    ),  # fmt: skip
    route(
        "programs:person_reactivate",
        "administrator",
        args=lambda w: [w.program.slug, w.resident.code],
        method="post",
    ),  # fmt: skip
    route("programs:group_people", "administrator", args=lambda w: [w.group.code]),
    route(
        "programs:group_seat_end",
        "administrator",
        args=lambda w: [w.group.code, w.resident.code],
        method="post",
        data=lambda w: {"kind": "member", "ends_on": _today()},
    ),  # fmt: skip
]
