"""Leader development: a leader adds a supervision session and sees their progress change."""

import datetime

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.leaders.models import FollowedPath
from balint.leaders.tests.factories import program_path
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_lets_a_leader_add_supervision_and_see_progress_change(page, world):
    path = program_path(world.program, world.leader, name="Lakeside leader standard")
    followed = FollowedPath.objects.create(
        leader=world.leader, path=path, started_on=datetime.date.today() - datetime.timedelta(days=60)
    )
    sign_in(page, world.leader.user.username, PASSWORD)
    page.get_by_role("link", name="My leadership log").click()
    page.get_by_role("link", name="Lakeside leader standard").click()
    row = page.get_by_role("row", name="One supervision session")
    assert "0 / 1 sessions" in row.inner_text() and "Missing 1 session" in row.inner_text()

    page.get_by_role("link", name="Add supervision").click()
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Supervisor").fill("Dr. Helen Marsh")
    page.get_by_label("Group discussed").select_option(label=world.group.name)
    page.get_by_label("Hours").fill("1.5")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The supervision session was added to your log.").wait_for()

    page.goto(reverse("leaders:progress", args=[followed.code]))
    row = page.get_by_role("row", name="One supervision session")
    assert "1 / 1 sessions" in row.inner_text() and "Met" in row.inner_text()
