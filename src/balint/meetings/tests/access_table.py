from balint.core.testing.access import route

ROUTES = [
    route("meetings:list", "administrator", "leader", "resident", args=lambda w: [w.group.code]),
    route("meetings:detail", "administrator", "leader", "resident", args=lambda w: [w.past_meeting.code]),
]
