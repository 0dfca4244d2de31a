"""The annual program evaluation: carried actions, refusing an incomplete plan, the packet by command line."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from balint.core.errors import ApplicationError
from balint.programs.models import Person, Program, Role
from balint.reports.annual import annual_evaluation_start, annual_evaluation_update
from balint.reports.annual_models import ActionItem, AnnualEvaluation
from balint.site.demo import demo_load
from balint.surveys.scales.services import score_set_create

pytestmark = pytest.mark.django_db

PLAN = [
    {
        "action": "Protect the hour before the group",
        "measure": "Late arrivals",
        "owner": "Director",
        "status": "done",
    },
    {
        "action": "Repeat the burnout scale",
        "measure": "Work burnout",
        "owner": "Co-leaders",
        "status": "under_way",
    },
]


def test_it_carries_unfinished_actions_committee_and_goals_into_next_year(world):
    first = annual_evaluation_start(program=world.program, academic_year=2024)
    annual_evaluation_update(
        evaluation=first, data={"committee": "Chair\nResident", "goals": "Reflect"}, actions=PLAN
    )
    second = annual_evaluation_start(program=world.program, academic_year=2025)
    assert (second.committee, second.goals) == ("Chair\nResident", "Reflect")
    (carried,) = second.actions.all()
    assert carried.action == "Repeat the burnout scale" and carried.carried_from.evaluation == first
    with pytest.raises(ApplicationError, match="already exists"):
        annual_evaluation_start(program=world.program, academic_year=2025)


def test_it_refuses_an_action_without_owner_and_keeps_everything_as_it_was(world):
    evaluation = annual_evaluation_start(program=world.program, academic_year=2024)
    annual_evaluation_update(evaluation=evaluation, data={"goals": "Before"}, actions=PLAN)
    with pytest.raises(ApplicationError, match="Action 2: give a measure and an owner"):
        annual_evaluation_update(
            evaluation=evaluation,
            data={"goals": "After"},
            actions=[PLAN[0], {"action": "Something", "measure": "x", "owner": ""}],
        )
    evaluation.refresh_from_db()
    assert evaluation.goals == "Before" and ActionItem.objects.filter(evaluation=evaluation).count() == 2


def test_it_saves_the_words_from_the_page_as_a_leader(client, world):
    annual_evaluation_start(program=world.program, academic_year=2024)
    client.force_login(world.leader.user)
    url = reverse("reports:annual_edit", args=[world.program.slug, 2024])
    data = {"strengths": "Steady attendance", "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0"}
    data |= {"actions-0-action": "Ask clinics", "actions-0-measure": "Late share", "actions-0-owner": "PD"}
    data |= {"actions-0-status": "planned"}
    assert client.post(url, data).status_code == 302
    evaluation = AnnualEvaluation.objects.get(program=world.program, academic_year=2024)
    assert evaluation.strengths == "Steady attendance" and evaluation.actions.get().owner == "PD"
    data["actions-0-owner"] = ""
    page = client.post(url, data)
    assert page.status_code == 422 and "give a measure and an owner" in page.content.decode()


def test_it_hides_a_small_score_set_and_does_not_let_the_year_give_it_away(client, world):
    rows = [{"work": str(v)} for v in (40, 50, 60, 70, 45, 55)]
    score_set_create(
        program=world.program, scale_key="cbi", title="Big", collected_on=datetime.date(2025, 3, 1), rows=rows
    )
    small = [{"work": "95"}, {"work": "85"}]
    score_set_create(
        program=world.program,
        scale_key="cbi",
        title="Tiny",
        collected_on=datetime.date(2025, 5, 1),
        rows=small,
    )
    client.force_login(world.leader.user)
    body = client.get(reverse("reports:scales", args=[world.program.slug])).content.decode()
    assert "Copenhagen Burnout Inventory" in body and "Kristensen" in body
    assert "90.0" not in body  # the small set's mean
    assert "53.3" not in body  # the big set's mean would give the small one away beside the year's 62.5
    assert "62.5" in body  # the year, 8 respondents, is shown


def test_it_builds_the_packet_from_the_demo_on_the_command_line(tmp_path):
    demo_load()
    program = Program.objects.get(slug="demo")
    docx, pdf = tmp_path / "annual.docx", tmp_path / "annual.pdf"
    out = io.StringIO()
    call_command("annual", program="demo", year=2025, output=str(docx), date="2026-07-15", stdout=out)
    assert "saved words" in out.getvalue() and "1 scales" in out.getvalue()
    with zipfile.ZipFile(docx) as archive:
        text = archive.read("word/document.xml").decode()
    for expected in ("Program evaluation committee", "Copenhagen Burnout Inventory", "Hedges", "Action plan"):
        assert expected in text
    assert "Repeat the Copenhagen Burnout Inventory each spring" in text
    residents = Person.objects.filter(memberships__program=program, memberships__role=Role.RESIDENT)
    assert not [p.full_name for p in residents if p.full_name in text]
    call_command("annual", program="demo", year=2025, output=str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
