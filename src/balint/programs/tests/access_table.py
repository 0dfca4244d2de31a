from balint.core.testing.access import route

ROUTES = [
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
