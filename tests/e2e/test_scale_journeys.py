"""Scored-scale journey: a leader imports the Copenhagen Burnout Inventory's wording from the program's
own copy, puts it to the group as a survey, residents answer through their one-time links, and once the
survey has closed with enough answers the scored-scales page shows the subscale scores."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.surveys import services
from balint.surveys.models import Invitation, Survey
from balint.surveys.scales.definitions import CBI
from balint.surveys.tests.factories import add_members
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def _sign_in(page, username: str) -> None:
    """Sign in and wait until signed in (the login page's own URL also ends in "/")."""
    sign_in(page, username, PASSWORD)
    page.get_by_role("button", name="Sign out").wait_for()


def test_it_takes_imported_wording_through_a_survey_to_scores(page, world, tmp_path):
    add_members(world.group, 4)  # six residents
    wording = tmp_path / "cbi-wording.csv"
    wording.write_text(
        "item,text,options\n" + "".join(f"{i.key},Our copy's item {i.key},\n" for i in CBI.items),
        encoding="utf-8",
    )

    # Import the wording: upload, check the preview, confirm.
    _sign_in(page, world.leader.user.username)
    page.goto(reverse("surveys:instruments", args=[world.program.slug]))
    page.get_by_role("link", name="Import its wording").click()
    page.get_by_label("Instrument").select_option("cbi")
    page.get_by_label("File", exact=True).set_input_files(str(wording))
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("All 19 rows are right.").wait_for()
    assert page.get_by_role("cell", name="energy left for family and friends").is_visible()
    page.get_by_role("button", name="Import CBI with this wording").click()
    page.get_by_text("is ready with your wording").wait_for()

    # Put it to the group as a survey.
    page.goto(reverse("surveys:create", args=[world.group.code]))
    page.get_by_label("Title").fill("CBI this term")
    page.get_by_label("Instrument").select_option(label=f"{CBI.name} (v1)")
    page.get_by_label("Answers needed before anyone sees results").fill("5")
    page.get_by_role("button", name="Open the survey").click()
    page.get_by_text("6 residents were sent a link").wait_for()
    page.context.clear_cookies()

    # Five of the six answer through their links, signed out: options 1, 1, 2, 2, 3 on every item.
    survey = Survey.objects.get(title="CBI this term")
    invitations = list(Invitation.objects.filter(survey=survey).order_by("pk"))
    for invitation, option in zip(invitations, [0, 0, 1, 1, 2], strict=False):
        page.goto(reverse("surveys:link", args=[services.invitation_token(invitation)]))
        page.get_by_text("This survey is anonymous").wait_for()
        names = page.eval_on_selector_all("input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
        assert len(names) == 19
        for name in names:
            page.locator(f'input[name="{name}"][value="{option}"]').check()
        page.get_by_role("button", name="Send my answers").click()
        page.get_by_role("heading", name="Thank you").wait_for()

    # The leader closes it; the scores appear (hand-computed in the survey scoring test).
    _sign_in(page, world.leader.user.username)
    page.goto(reverse("surveys:detail", args=[survey.code]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close now").click()
    page.wait_for_load_state("networkidle")
    page.goto(reverse("reports:scales", args=[world.program.slug]))
    row = page.get_by_role("row", name="CBI this term")
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells[2:] == ["5", "80.0 (75.0)", "71.4 (67.9)", "80.0 (75.0)"]
    body = page.content()
    assert world.resident.full_name not in body and world.other_resident.full_name not in body
