"""The program-evaluation report's splits (by period, by group, before/after a policy change, reasons)
keep the k rule after the split, with complementary suppression: each test builds a split designed so
that a hidden cell could be worked out from the shown whole and the other parts, and checks it cannot.

k is 3 here. Group A has six residents and group B two. In February A's session has three on time and
three absent (shown: 50%), B's one on time and one absent (hidden); the program's figure (four of eight)
is shown, so without complementary suppression B's share would be (4 - 3) / 2 = 50%.
"""

import datetime
import re

import pytest
from django.urls import reverse

from balint.meetings.models import Attendance, Meeting
from balint.programs.models import Group, GroupPolicy
from balint.reports.builder import report_build
from balint.reports.models import ReportSettings
from balint.reports.tests import factories as f

pytestmark = pytest.mark.django_db
ON, ABSENT = Attendance.Status.ON_TIME, Attendance.Status.ABSENT
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)


@pytest.fixture
def split_world(world):
    ReportSettings.objects.create(program=world.program, min_cell=3)
    a = [world.resident, world.other_resident, *f.add_residents(world.group, 4, cohort=world.cohort)]
    group_b = Group.objects.create(program=world.program, name="Thursday group")
    group_b.leaders.set([world.leader])
    GroupPolicy.objects.create(group=group_b, effective_from=datetime.date(2024, 7, 1))
    b = f.add_residents(group_b, 2, cohort=world.cohort)
    case = Meeting.Focus.BALINT_CASE
    f.held(
        world.group,
        datetime.date(2025, 2, 11),
        case,
        {**_marks(a[:3], ON), **_marks(a[3:], ABSENT, "on_service")},
    )
    f.held(group_b, datetime.date(2025, 2, 13), case, {b[0]: (ON, ""), b[1]: (ABSENT, "post_call")})
    return world, a, group_b


def _marks(people, status, reason="", **others):
    """{person: (status, reason)} for the people, then the `others` (person -> (status, reason)) on top."""
    return {**dict.fromkeys(people, (status, reason)), **others}


def _march(world, a, first_five=ON, last=(ABSENT, "leave"), **kwargs):
    marks = {**_marks(a[:5], first_five, kwargs.get("reason", "")), a[5]: last}
    return f.held(world.group, datetime.date(2025, 3, 11), Meeting.Focus.TOPIC, marks)


def _build(world, **kwargs):
    kwargs.setdefault("granularity", "month")
    return report_build(program=world.program, date_from=START, date_to=END, issued=END, **kwargs)


def test_it_withholds_a_group_whose_share_would_give_away_a_small_group(split_world):
    world, _, _ = split_world
    report = _build(world)
    rows = {row.name: row for row in report.groups}
    assert rows["Thursday group"].attended.display == "<3"
    assert rows["Tuesday group"].attended.raw == 50 and rows["Tuesday group"].attended.display == "–"
    assert dict(report.overview)["Attendance"] == "50%"  # the whole stays shown


def test_it_withholds_a_month_whose_share_would_give_away_a_small_month(split_world):
    world, a, _ = split_world
    # March: five of group A on time, one absent -> one person missed: hidden; February and the whole
    # quarter are shown, so February must go too.
    _march(world, a)
    report = _build(world, group=world.group)
    months = {row.period.label: row.attended for row in report.attendance if row.marks}
    assert months["Mar 2025"].display == "<3"
    assert months["Feb 2025"].display == "–" and months["Feb 2025"].raw == 50


def test_it_withholds_the_other_side_of_a_policy_change(split_world):
    world, a, _ = split_world
    GroupPolicy.objects.create(
        group=world.group, effective_from=datetime.date(2025, 3, 1), format=GroupPolicy.Format.TRADITIONAL
    )
    _march(world, a)
    change = next(c for c in _build(world, group=world.group).changes if c.date == datetime.date(2025, 3, 1))
    assert change.after.attended.display == "<3"
    assert change.before.attended.display == "–"  # else: the group's figure minus before gives after


def test_it_withholds_a_second_reason_beside_a_hidden_one(split_world):
    world, a, _ = split_world
    # March: five absent on service (the three of February's absent among six people), one on leave.
    _march(world, a, first_five=ABSENT, reason="on_service")
    reasons = {label: cell.display for label, cell in _build(world, group=world.group).reasons}
    hidden = [label for label, shown in reasons.items() if shown == "<3"]
    assert len(hidden) == 1 and "–" in reasons.values()


def test_it_prints_no_hidden_share_on_the_report_page(client, split_world):
    world, _, _ = split_world
    client.force_login(world.leader.user)
    query = f"?date_from={START}&date_to={END}&granularity=month"
    body = client.get(reverse("reports:view", args=[world.program.slug]) + query).content.decode()
    groups = re.search(r"<tbody>(?:(?!</tbody>).)*Thursday group.*?</tbody>", body, re.S).group(0)
    tuesday = re.search(r"Tuesday group</th>(.*?)</tr>", groups, re.S).group(1)
    thursday = re.search(r"Thursday group</th>(.*?)</tr>", groups, re.S).group(1)
    assert "50%" not in tuesday and "–" in tuesday
    assert "50%" not in thursday and "&lt;3" in thursday
