from balint.core.testing.access import route

ROUTES = [
    route("privacy:audit", "administrator", args=lambda w: [w.program.slug]),
    route(
        "privacy:audit",
        "administrator",
        args=lambda w: [w.program.slug],
        query="?action=signed_in&date_from=2020-01-01",
    ),
    route("privacy:screen_try", "administrator", "leader", args=lambda w: [w.program.slug]),
    route(
        "privacy:screen_try",
        "administrator",
        "leader",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"text": "The group met."},
    ),
    # Any leader or administrator (the outsider leads another program) may set up two-factor sign-in.
    route("privacy:two_factor", "administrator", "leader", "outsider"),
    route(
        "privacy:two_factor_verify",
        "administrator",
        "leader",
        "resident",
        "transcriber",
        "analyst",
        "outsider",
    ),
]
