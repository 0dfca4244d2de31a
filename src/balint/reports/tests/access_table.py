from balint.core.testing.access import route

STAFF = ("administrator", "leader", "analyst")

ROUTES = [
    route("reports:program", *STAFF, args=lambda w: [w.program.slug]),
    route("reports:group", *STAFF, args=lambda w: [w.group.code]),
    route("reports:view", *STAFF, args=lambda w: [w.program.slug]),
    route("reports:new", *STAFF, args=lambda w: [w.program.slug]),
    route(
        "reports:new",
        *STAFF,
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"date_from": "2025-01-01", "date_to": "2025-12-31", "output": "html"},
    ),
    route(
        "reports:settings",
        "administrator",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"min_cell": "6"},
    ),
]
