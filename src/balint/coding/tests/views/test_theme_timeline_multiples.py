"""The theme timeline draws one small chart per chosen theme (else the most coded), all on one scale."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from balint.coding.charts import DEFAULT_SHOWN, timeline_chart
from balint.coding.selectors import Timeline
from balint.coding.tests.factories import code, make_source, make_theme

pytestmark = pytest.mark.django_db


def _timeline(counts: dict[str, list[int]]) -> Timeline:
    rows = [
        {"code": f"c-{name}", "name": name, "colour": "#2f6f73", "counts": n} for name, n in counts.items()
    ]
    return Timeline(months=["2025-01", "2025-02", "2025-03"], themes=rows, categories=[], total=0, undated=0)


def test_it_draws_a_series_per_chosen_theme_in_the_timelines_order_on_one_scale():
    timeline = _timeline({"Trust": [9, 1, 3], "Feelings": [2, 7, 0], "Contracts": [0, 1, 2]})
    chart = timeline_chart(timeline=timeline, chosen=["c-Contracts", "c-Trust"])
    spec = chart.spec()
    assert [t["name"] for t in spec["themes"]] == ["Trust", "Contracts"]
    assert spec["themes"][1]["counts"] == [0, 1, 2]
    assert spec["top"] == 10  # the highest month of a shown theme (9), rounded up: one scale for all
    assert [(t.name, shown) for t, shown in chart.choices] == [
        ("Trust", True),
        ("Feelings", False),
        ("Contracts", True),
    ]


def test_it_shows_the_most_coded_themes_until_someone_chooses():
    timeline = _timeline({f"T{i}": [10 - i, 0, 0] for i in range(9)})
    chart = timeline_chart(timeline=timeline)
    assert [t.name for t in chart.themes] == [f"T{i}" for i in range(DEFAULT_SHOWN)] and not chart.chosen


def test_it_says_so_when_a_chosen_theme_has_no_dated_coding_here():
    chart = timeline_chart(timeline=_timeline({"Trust": [1, 0, 0]}), chosen=["not-a-theme"])
    assert chart.missing == 1 and not chart.chosen and [t.name for t in chart.themes] == ["Trust"]


def _drawn(page: str) -> dict:
    return json.loads(
        re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', page).group(1)
    )


def test_it_draws_the_themes_the_leader_chose_on_the_views_page(client, world):
    themes = [make_theme(world.program, name) for name in ("Trust", "Feelings", "Contracts")]
    for month, theme in ((1, themes[0]), (2, themes[1]), (2, themes[1]), (3, themes[2])):
        source = make_source(world.program, group=world.group, date=datetime.date(2025, month, 4))
        code(source, world.leader, theme, 0, 20)
    client.force_login(world.leader.user)
    url = reverse("coding:views", args=[world.program.slug])

    page = client.get(url, {"show": [str(themes[2].code), str(themes[0].code)]}).content.decode()
    drawn = _drawn(page)
    assert [t["name"] for t in drawn["themes"]] == ["Trust", "Contracts"]  # the timeline's order
    assert drawn["months"] == ["2025-01", "2025-02", "2025-03"] and drawn["top"] == 1
    assert page.count("data-theme=") == 2 and 'aria-label="Codings of Contracts per month"' in page

    everything = _drawn(client.get(url).content.decode())
    assert [t["name"] for t in everything["themes"]] == ["Feelings", "Trust", "Contracts"]

    refused = client.get(url, {"show": "no-such-theme"})
    assert refused.status_code == 200
    assert "One chosen theme has no coding in dated sources with these filters." in refused.content.decode()
