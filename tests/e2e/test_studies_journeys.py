"""A multi-site study in the browser: three programs join by consent and contribute after a preview, two study
analysts code across sites, the per-site report, and one program withdraws (its codings leave the study)."""

import datetime

import pytest
from conftest import PASSWORD, make_person
from django.contrib.auth import get_user_model
from django.urls import reverse

from balint.coding.models import Coding, Source
from balint.coding.services import codebook_starter_create
from balint.programs.models import Group, Person, Program, Role
from balint.studies.models import Study, StudyMember
from balint.studies.tests.factories import note_source
from tests.e2e.conftest import sign_in
from tests.e2e.test_coding_journeys import _select_with_mouse

pytestmark = pytest.mark.browser

THEME = "Resident's feelings and reactions"
SENTENCES = {
    "lakeside": "The resident felt dread before the Friday clinic.",
    "hillcrest": "The resident felt moved when a patient brought flowers.",
    "riverton": "The resident felt torn about a narcotic contract.",
}


def _sign_in(page, username: str) -> None:
    """Sign in and wait until signed in (the login page's own URL also ends in "/")."""
    sign_in(page, username, PASSWORD)
    page.get_by_role("button", name="Sign out").wait_for()


def _account(username: str, name: str) -> Person:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )
    return Person.objects.create(user=user, full_name=name, email=user.email)


def _programs(world) -> list[tuple[Program, Person]]:
    riverton = Program.objects.create(name="Riverton FM", slug="riverton", institution="Riverton")
    river_admin = make_person(riverton, "riveradmin", Role.ADMIN, "Rhea Riveradmin")
    river_group = Group.objects.create(program=riverton, name="River group")
    hill_admin = make_person(world.other_program, "hilladmin", Role.ADMIN, "Hugo Hilladmin")
    sites = [
        (world.program, world.administrator, world.group),
        (world.other_program, hill_admin, world.outsider_group),
        (riverton, river_admin, river_group),
    ]
    for i, (program, admin, group) in enumerate(sites):
        for day in range(3):
            when = datetime.datetime(2025, 2 + i, 3 + day, 18, tzinfo=datetime.UTC)
            note_source(
                group, f"{SENTENCES[program.slug]} Session {day}, {admin.full_name} spoke last.", when
            )
    return [(program, admin) for program, admin, _ in sites]


def _join_and_contribute(page, program: Program, admin: Person, invitation: str) -> None:
    _sign_in(page, admin.user.username)
    page.goto(reverse("programs:detail", args=[program.slug]))
    page.get_by_role("link", name="Multi-site studies").click()
    page.get_by_label("Invitation code").fill(invitation)
    page.get_by_role("button", name="Read the protocol").click()
    page.get_by_text("Compare what residents bring").wait_for()
    page.get_by_role("button", name="Join the study").click()
    page.get_by_text("Tick the consent box").wait_for()
    page.get_by_label("I consent on behalf of the program").check()
    page.get_by_role("button", name="Join the study").click()
    page.get_by_text("Choose what to contribute").wait_for()
    for box in page.locator('input[name="source"]').all():
        box.check()
    page.get_by_role("button", name="Preview what will be shared").click()
    page.get_by_role("heading", name="Exactly what the study will receive").wait_for()
    preview = page.locator("main").inner_text()
    shared = preview.split("Exactly what the study will receive", 1)[1]
    assert (
        admin.full_name.split()[0] not in shared
        and "[NAME] spoke last" in shared
        and program.name not in shared
    )
    page.get_by_role("button", name="Contribute these 3 sources").click()
    page.get_by_text("3 sources were contributed to the study.").wait_for()
    page.context.clear_cookies()


def _code(page, source: Source, sentence: str) -> None:
    page.goto(reverse("coding:source", args=[source.code]))
    page.locator("#coding-text .seg").first.wait_for()
    _select_with_mouse(page, sentence)
    page.get_by_label(THEME, exact=True).check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Applied 1 theme.").wait_for()


def test_it_runs_a_study_across_three_programs_from_consent_to_withdrawal(page, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    sites = _programs(world)
    first, second = _account("fay", "Fay Firstanalyst"), _account("gus", "Gus Secondanalyst")

    # The owner (the world's administrator) creates the study and adds two analysts.
    _sign_in(page, world.administrator.user.username)
    page.goto(reverse("studies:create"))
    page.get_by_label("Title").fill("Balint groups across residencies")
    page.get_by_label("Aims").fill("Compare what residents bring to Balint groups across sites.")
    page.get_by_label("Ethics approval reference").fill("IRB-2025-114")
    page.get_by_label("Starts on").fill("2025-01-01")
    page.get_by_role("button", name="Create the study").click()
    page.get_by_text("Give its invitation code").wait_for()
    study = Study.objects.get()
    codebook_starter_create(program=study.workspace)
    page.get_by_role("link", name="Analysts").click()
    for person in (first, second):
        page.get_by_label("E-mail", exact=True).fill(person.email)
        page.get_by_role("button", name="Add").click()
        page.get_by_text(f"{person.full_name} is now an analyst of the study.").wait_for()
    page.context.clear_cookies()

    for program, admin in sites:
        _join_and_contribute(page, program, admin, str(study.invitation))
    assert StudyMember.objects.filter(study=study).count() == 3
    pooled = {
        s.attributes["site"]: s for s in Source.objects.filter(program=study.workspace).order_by("date")
    }
    by_site = {
        site: [s for s in Source.objects.filter(program=study.workspace) if s.attributes["site"] == site]
        for site in pooled
    }

    # Two study analysts code across sites.
    _sign_in(page, "fay")
    page.goto(reverse("studies:list"))
    page.get_by_role("link", name="Balint groups across residencies", exact=True).click()
    page.get_by_role("link", name="Pooled analysis").click()
    _code(page, by_site["Site A"][0], SENTENCES["lakeside"])
    _code(page, by_site["Site C"][0], SENTENCES["riverton"])
    page.context.clear_cookies()
    _sign_in(page, "gus")
    _code(page, by_site["Site B"][0], SENTENCES["hillcrest"])
    _code(page, by_site["Site C"][1], SENTENCES["riverton"])
    body = page.locator("body").inner_text()
    assert "Firstanalyst" not in body
    assert Coding.objects.filter(source__program=study.workspace).count() == 4
    page.context.clear_cookies()

    # The per-site report, as a site sees it.
    _sign_in(page, sites[1][1].user.username)
    page.goto(reverse("studies:report", args=[study.code]))
    table = page.locator("section", has_text="Sources in the study").locator("table")
    assert [c.strip() for c in table.locator("th").all_inner_texts()] == [
        "Site A",
        "Site B",
        "Site C",
        "All sites",
    ]
    assert [c.strip() for c in table.locator("td").all_inner_texts()] == ["3", "3", "3", "9"]
    assert "Category balance by site" in page.content()
    assert SENTENCES["lakeside"] not in page.content()
    page.context.clear_cookies()

    # Riverton withdraws: its sources and the codings on them leave the study; the figures follow.
    river, river_admin = sites[2]
    _sign_in(page, river_admin.user.username)
    page.goto(reverse("studies:contribute", args=[river.slug, study.code]))
    page.get_by_role("link", name="Withdraw from the study").click()
    page.get_by_role("button", name="Withdraw from the study").click()
    page.get_by_text("3 sources and 2 codings on them were removed").wait_for()
    assert Coding.objects.filter(source__program=study.workspace).count() == 2
    page.goto(reverse("studies:report", args=[study.code]))
    page.context.clear_cookies()
    _sign_in(page, world.administrator.user.username)
    page.goto(reverse("studies:report", args=[study.code]))
    table = page.locator("section", has_text="Sources in the study").locator("table")
    assert [c.strip() for c in table.locator("td").all_inner_texts()] == ["3", "3", "6"]
    page.goto(reverse("studies:detail", args=[study.code]))
    page.get_by_text("The site left the study").wait_for()
