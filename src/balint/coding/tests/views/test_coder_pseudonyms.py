"""Analysts see coders by the exports' stable pseudonyms on every page and JSON answer; leaders by name.

The analyst drives each page of the workspace, the coding page's JSON, the agreement page, memo lists,
rounds, the split form, analysis assistance and the report, and each answer is searched for the leaders'
names; the same pseudonym as in the exports must appear instead.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse

from balint.coding import services
from balint.coding.tests.factories import code, world_analysis
from balint.insights import services as insights
from balint.privacy.pseudonyms import pseudonym


@pytest.fixture
def analysis(world):
    analysis = world_analysis(world)  # the leader's coding, memo and open round on a session note
    code(analysis.source, world.co_leader, analysis.theme, 0, 62)
    code(analysis.source, world.co_leader, analysis.other_theme, 64, 120)
    services.memo_create(
        program=world.program, author=world.co_leader, title="Cora's memo", body="b", theme=analysis.theme
    )
    services.memo_create(
        program=world.program, author=world.leader, title="On the source", body="b", source=analysis.source
    )
    services.round_close(analysis_round=analysis.round, by=world.leader, ended_on=datetime.date(2025, 6, 1))
    run, _ = insights.theme_run_find_or_create(
        program=world.program, roles=None, person=world.leader, engine="tfidf", scope="all"
    )
    insights.theme_run_execute(run=run)
    return analysis


def _pages(world, analysis) -> list[str]:
    slug = world.program.slug
    return [
        reverse("coding:workspace", args=[slug]),
        reverse("coding:source", args=[analysis.source.code]),
        reverse("coding:memos", args=[slug]),
        reverse("coding:theme", args=[analysis.theme.code]),
        reverse("coding:theme_split", args=[analysis.theme.code]),
        reverse("coding:quotes", args=[slug]),
        reverse("coding:views", args=[slug]),
        reverse("coding:rounds", args=[slug]),
        reverse("coding:round", args=[analysis.round.code]),
        reverse("coding:agreement", args=[slug]),
        reverse("insights:assistance", args=[slug]),
        reverse("reports:view", args=[slug]) + "?date_from=2025-01-01&date_to=2025-12-31",
    ]


def test_the_analyst_sees_pseudonyms_and_never_a_coders_name(client, world, analysis):
    client.force_login(world.analyst.user)
    names = (world.leader.full_name, world.co_leader.full_name)
    stand_in = pseudonym(world.program, world.leader.code).name
    seen = {}
    for url in _pages(world, analysis):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for name in names:
            assert name not in page, f"{name} shown to the analyst on {url}"
        seen[url.split("?")[0]] = page
    for where in ("coding:source", "coding:memos", "coding:agreement", "coding:round", "reports:view"):
        url = {
            "coding:source": reverse("coding:source", args=[analysis.source.code]),
            "coding:memos": reverse("coding:memos", args=[world.program.slug]),
            "coding:agreement": reverse("coding:agreement", args=[world.program.slug]),
            "coding:round": reverse("coding:round", args=[analysis.round.code]),
            "reports:view": reverse("reports:view", args=[world.program.slug]),
        }[where]
        assert stand_in in seen[url], f"the pseudonym is missing on {where}"
    data = re.search(
        r'<script id="coding-data" type="application/json">(.*?)</script>', seen[_pages(world, analysis)[1]]
    )
    coders = json.loads(data.group(1))["coders"] if data else None
    assert coders is not None and stand_in in coders
    assert stand_in in seen[reverse("insights:assistance", args=[world.program.slug])]


def test_the_disagreements_and_a_new_coding_answer_name_no_one(client, world, analysis):
    client.force_login(world.analyst.user)
    page = client.get(
        reverse("coding:agreement", args=[world.program.slug]),
        {"granularity": "sentence", "uncoded": "include"},
    ).content.decode()
    assert world.leader.full_name not in page and world.co_leader.full_name not in page
    assert pseudonym(world.program, world.co_leader.code).name in page
    made = client.post(
        reverse("coding:coding_create", args=[analysis.source.code]),
        {"start": 0, "end": 7, "themes": [str(analysis.theme.code)]},
    )
    assert made.status_code == 201
    assert made.json()["codings"][0]["coder"] == world.analyst.full_name  # one's own name tells nothing


def test_a_leader_sees_the_coders_by_name(client, world, analysis):
    client.force_login(world.leader.user)
    for url in (
        reverse("coding:agreement", args=[world.program.slug]),
        reverse("coding:memos", args=[world.program.slug]),
        reverse("reports:view", args=[world.program.slug]) + "?date_from=2025-01-01&date_to=2025-12-31",
    ):
        page = client.get(url).content.decode()
        assert world.co_leader.full_name in page, url


def test_the_analyst_sees_who_decided_a_suggestion_by_pseudonym(client, world, analysis):
    made = insights.source_suggest(source=analysis.source, roles=None, person=world.leader)
    assert made
    for suggestion in made:
        insights.suggestion_reject(suggestion=suggestion, person=world.leader)
    client.force_login(world.analyst.user)
    page = client.get(reverse("insights:source", args=[analysis.source.code])).content.decode()
    assert "Rejected by" in page and world.leader.full_name not in page
    assert pseudonym(world.program, world.leader.code).name in page
