"""One attendance rate: the group page, the attendance history and the dashboard give the same figure."""

import datetime
import re

from conftest import make_person
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from balint.meetings.models import ATTENDANCE_RATE_DEFINITION, Attendance
from balint.meetings.tests.conftest import add_meetings
from balint.programs.models import GroupPolicy, Role
from balint.reports.models import ReportSettings


def test_the_group_page_history_and_dashboard_agree_and_say_what_they_count(client, world):
    c = make_person(world.program, "resident3", Role.RESIDENT, "Cleo Resident", cohort=world.cohort)
    d = make_person(world.program, "resident4", Role.RESIDENT, "Dan Resident", cohort=world.cohort)
    world.group.members.add(c, d)
    a, b = world.resident, world.other_resident
    h0, h1 = add_meetings(world.group, 2)
    excluded, listening = GroupPolicy.Latecomers.EXCLUDED, GroupPolicy.Latecomers.LISTEN_ONLY
    marks = [
        (h0, a, "on_time", ""),
        (h0, b, "late", excluded),  # came late and was turned away: missed
        (h0, c, "on_time", ""),
        (h0, d, "absent", ""),
        (h1, a, "absent", ""),
        (h1, b, "on_time", ""),
        (h1, c, "late", listening),  # late and let in: took part
        (h1, d, "on_time", ""),
    ]
    for meeting, person, status, rule in marks:
        Attendance.objects.create(meeting=meeting, person=person, status=status, latecomer_rule=rule)
    # A known absence for a session not yet held does not count.
    Attendance.objects.create(meeting=world.next_meeting, person=c, status="absent", reason="leave")
    # With world.past_meeting's two marks (on time; late, let in): 10 marks, 7 took part.
    ReportSettings.objects.create(program=world.program, min_cell=3)
    client.force_login(world.administrator.user)

    group_page = client.get(reverse("programs:group", args=[world.group.code])).content.decode()
    assert "<dt>Attendance</dt><dd>70%</dd>" in group_page
    assert escape(str(ATTENDANCE_RATE_DEFINITION)) in group_page

    history = client.get(reverse("meetings:attendance_history", args=[world.group.code])).content.decode()
    assert "<dt>Attended</dt><dd>70%</dd>" in history and escape(str(ATTENDANCE_RATE_DEFINITION)) in history

    start = (timezone.now() - datetime.timedelta(days=400)).date()
    end = timezone.now().date()
    dashboard = client.get(
        reverse("reports:group", args=[world.group.code]), {"date_from": start, "date_to": end}
    ).content.decode()
    assert re.search(r"<dt>Attendance</dt>\s*<dd>70%</dd>", dashboard)
    assert escape(str(ATTENDANCE_RATE_DEFINITION)) in dashboard
