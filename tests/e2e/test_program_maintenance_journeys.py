"""A new administrator from an empty installation: `balint createadmin`, then only the pages: create a
program, import a roster, form a group, roll the year over; a resident of the roster signs in from the
invitation."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from balint.programs.models import Cohort, Group, Person
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "director-secret-42"
ROSTER = (
    "name,email,role,cohort,group\n"
    "Dana Director-Leader,dana@example.org,leader,,\n"
    "Sam Senior,sam@example.org,resident,Class of 2027,\n"
    "Jo Junior,jo@example.org,resident,Class of 2028,\n"
)


def test_it_takes_a_new_administrator_from_an_empty_installation_to_a_running_program(
    page, live_server, settings, monkeypatch, tmp_path
):
    settings.SITE_URL = live_server.url
    monkeypatch.setenv("BALINT_ADMIN_PASSWORD", ADMIN_PASSWORD)
    call_command("createadmin", "director", "--email", "director@example.org", "--name", "Dee Director")

    sign_in(page, "director", ADMIN_PASSWORD)
    page.get_by_role("link", name="Create a program").click()
    page.get_by_label("Name").fill("Northside Family Medicine")
    page.get_by_label("Institution").fill("Northside Hospital")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Years of training").fill("3")
    page.get_by_label("Anonymity threshold").fill("2")  # too low: a message beside the field
    page.get_by_role("button", name="Create the program").click()
    assert page.get_by_text("Ensure this value is greater than or equal to 3.").is_visible()
    page.get_by_label("Anonymity threshold").fill("4")
    page.get_by_role("button", name="Create the program").click()
    page.get_by_role("heading", name="Northside Family Medicine").wait_for()

    page.get_by_role("link", name="Import a roster").first.click()
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page.get_by_label("File", exact=True).set_input_files(str(roster))
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("3 people are ready").wait_for()
    page.get_by_role("button", name="Import 3 people and send the invitations").click()
    page.get_by_text("3 people were added and invited by e-mail.").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == ["dana@example.org", "jo@example.org", "sam@example.org"]

    page.get_by_role("link", name="Northside Family Medicine").first.click()
    page.get_by_role("link", name="New group").click()
    page.get_by_label("Name").fill("Thursday Balint Group")
    page.get_by_label("Dana Director-Leader").check()
    page.get_by_label("Sam Senior").check()
    page.get_by_label("Jo Junior").check()
    page.get_by_role("button", name=re.compile("Create")).click()
    page.get_by_role("heading", name="Thursday Balint Group").wait_for()
    group = Group.objects.get(name="Thursday Balint Group")
    assert {p.full_name for p in group.members.all()} == {"Sam Senior", "Jo Junior"}

    # The year turns: on the program's year start the administrator previews and confirms the rollover.
    with time_machine.travel(datetime.datetime(2027, 7, 2, 15, tzinfo=datetime.UTC)):
        sign_in(page, "director", ADMIN_PASSWORD)
        page.goto(f"/programs/{group.program.slug}/rollover/")
        page.get_by_role("heading", name="Roll over to 2027–2028").wait_for()
        sam_row = page.get_by_role("row", name=re.compile("Class of 2027"))
        assert "Graduated" in sam_row.inner_text() and "Thursday Balint Group" in sam_row.inner_text()
        assert "PGY-3" in page.get_by_role("row", name=re.compile("Class of 2028")).inner_text()
        page.get_by_role("button", name="Roll over to 2027–2028").click()
        page.get_by_text("is now in 2027–2028").wait_for()
        assert Cohort.objects.get(name="Class of 2027").graduated
    assert {p.full_name for p in group.members.all()} == {"Jo Junior"}
    assert group.seats.get(person__full_name="Sam Senior").ends_on == datetime.date(2027, 7, 2)

    # Jo opens the invitation, chooses a password and signs in.
    page.get_by_role("button", name="Sign out").click()
    letter = next(m for m in mail.outbox if m.to == ["jo@example.org"])
    link = re.search(r"https?://\S+/accounts/reset/\S+/", letter.body).group(0)
    assert link.startswith(live_server.url)
    username = re.search(r"Your username is: (\S+)", letter.body).group(1)
    page.goto(urlsplit(link).path)
    page.get_by_label("New password", exact=True).fill("jo-chooses-a-password")
    page.get_by_label("New password confirmation").fill("jo-chooses-a-password")
    page.get_by_role("button", name=re.compile("password", re.I)).click()
    sign_in(page, username, "jo-chooses-a-password")
    page.get_by_role("heading", name=re.compile("Welcome, Jo Junior")).wait_for()
    page.goto(f"/groups/{group.code}/")  # a member of the group formed above
    page.get_by_role("heading", name="Thursday Balint Group").wait_for()
    assert Person.objects.get(email="jo@example.org").user.has_usable_password()
