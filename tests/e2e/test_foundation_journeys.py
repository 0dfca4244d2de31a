"""First journeys: a leader opens the group's sessions; a resident is refused the leaders' pages."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_lets_a_leader_open_the_groups_sessions(page, world):
    sign_in(page, world.leader.user.username, PASSWORD)
    page.get_by_role("link", name=world.group.name).first.click()
    page.get_by_role("link", name="Sessions").first.click()
    page.get_by_role("heading", name=f"Sessions of {world.group.name}").wait_for()
    assert page.get_by_role("heading", name="Upcoming").is_visible()
    # The past session shows its focus and attendance counts to a leader.
    assert page.get_by_text("Case discussion (Balint format)").first.is_visible()


def test_it_refuses_a_resident_the_leaders_pages(page, world):
    sign_in(page, world.resident.user.username, PASSWORD)
    response = page.goto(reverse("programs:people", args=[world.program.slug]))
    assert response.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    page.goto(reverse("meetings:detail", args=[world.past_meeting.code]))
    assert page.get_by_text("The group explored frustration.").count() == 0
