from balint.core.testing.access import PERSONAS, route

ALL = [p for p in PERSONAS if p != "anonymous"]


ROUTES = [
    route("login", public=True),
    route("logout", *ALL, method="post", public=True),
    route("password_reset", public=True),
    route("password_reset_done", public=True),
    route("password_reset_confirm", args=lambda w: ["MQ", "set-password"], public=True),
    route("password_reset_complete", public=True),
    route("password_change", *ALL),
    route("password_change_done", *ALL),
]
