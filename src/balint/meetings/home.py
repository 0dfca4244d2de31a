"""The home page's panel of focus polls: residents see polls they can answer, leaders polls to confirm."""

from django.http import HttpRequest
from django.utils import timezone

from balint.meetings.models import Vote
from balint.meetings.selectors import polls_for_groups

SHOWN = 3


def open_polls_panel(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """At most one panel per program; nothing when no poll concerns the person."""
    person = panel.roles.person
    if person is None:
        return []
    now = timezone.now()
    if panel.roles.is_resident and panel.member_groups:
        polls = [m for m in polls_for_groups(groups=panel.member_groups) if now < m.poll_deadline][:SHOWN]
        if not polls:
            return []
        voted = set(
            Vote.objects.filter(person=person, meeting__in=polls).values_list("meeting_id", flat=True)
        )
        rows = [(m, m.pk in voted) for m in polls]
        return [("meetings/partials/_home_polls.html", {"rows": rows, "resident": True})]
    if panel.roles.is_leader and panel.led_groups:
        polls = polls_for_groups(groups=panel.led_groups)[:SHOWN]
        if not polls:
            return []
        rows = [(m, now >= m.poll_deadline) for m in polls]
        return [("meetings/partials/_home_polls.html", {"rows": rows, "resident": False})]
    return []
