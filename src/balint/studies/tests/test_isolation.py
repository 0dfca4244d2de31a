"""From outside: a study analyst gets nothing of any program's own pages, and a site gets nothing of the
pooled material of the others beyond the study's report. Every response is searched for other sites' text."""

import importlib
import importlib.util

from conftest import PASSWORD
from django.apps import apps
from django.urls import reverse

from balint.coding.services import coding_create, theme_create
from balint.privacy.pseudonyms import pseudonym
from balint.studies import services
from balint.studies.tests.conftest import SITE_TEXT
from balint.studies.tests.factories import pure_analyst

OUTSIDE_PROGRAMS = {"outsider"}  # a route open to the outsider is not a page of the world's program


def _other_apps_routes():
    routes = []
    for config in apps.get_app_configs():
        if not config.name.startswith("balint.") or config.name == "balint.studies":
            continue
        module = f"{config.name}.tests.access_table"
        if importlib.util.find_spec(module) is not None:
            routes.extend(importlib.import_module(module).ROUTES)
    return [r for r in routes if not r.public and not (set(r.allowed) & OUTSIDE_PROGRAMS)]


def _contribute_all(sites):
    return [
        services.contributions_add(member=m, sources=[s], contributed_by=a)[0]
        for m, s, a in zip(sites.members, sites.sources, sites.admins, strict=True)
    ]


def test_it_gives_a_study_analyst_nothing_of_any_programs_own_pages(client, world, sites):
    _contribute_all(sites)
    analyst = pure_analyst(sites.study)
    assert client.login(username=analyst.user.username, password=PASSWORD)
    routes = _other_apps_routes()
    assert len(routes) > 50
    for route in routes:
        url = reverse(route.name, args=route.args(world)) + route.query
        response = getattr(client, route.method)(url, route.data(world) if route.data else {})
        assert response.status_code in (403, 404), f"{route.name}: {response.status_code}"
        for text in SITE_TEXT.values():
            assert text not in response.content.decode(errors="replace")


def test_it_shows_a_site_nothing_of_the_other_sites_material(client, world, sites):
    contributions = _contribute_all(sites)
    analyst = pure_analyst(sites.study)
    theme = theme_create(program=sites.study.workspace, name="Dread")
    coding_create(source=contributions[0].study_source, coder=analyst, themes=[theme], start=0, end=8)
    hill_admin, hill = sites.admins[1], sites.programs[1]
    assert client.login(username=hill_admin.user.username, password=PASSWORD)
    code = sites.study.code
    own = contributions[1]
    pages = [
        reverse("studies:list"),
        reverse("studies:detail", args=[code]),
        reverse("studies:report", args=[code]),
        reverse("studies:contribute", args=[hill.slug, code]),
        reverse("studies:preview", args=[hill.slug, code]) + f"?source={sites.sources[0].code}",
        reverse("studies:withdraw", args=[hill.slug, code]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SITE_TEXT["lakeside"] not in body and SITE_TEXT["riverton"] not in body, url
        assert "Lakeside FM Residency" not in body and "Riverton FM" not in body, url
    assert client.post(reverse("studies:export", args=[code])).status_code == 403
    refused = [
        reverse("studies:edit", args=[code]),
        reverse("studies:analysts", args=[code]),
        reverse("studies:contribute", args=[sites.programs[0].slug, code]),
        reverse("coding:workspace", args=[sites.study.workspace.slug]),
        reverse("coding:source", args=[contributions[0].study_source.code]),
        reverse("coding:source", args=[own.study_source.code]),
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert SITE_TEXT["lakeside"] not in response.content.decode()


def test_it_gives_a_member_programs_other_people_nothing_of_the_study(client, world, sites):
    _contribute_all(sites)
    for person in (world.leader, world.resident, world.transcriber, world.analyst):
        client.login(username=person.user.username, password=PASSWORD)
        assert client.get(reverse("studies:detail", args=[sites.study.code])).status_code == 404
        assert client.get(reverse("studies:report", args=[sites.study.code])).status_code == 404
        listing = client.get(reverse("studies:list")).content.decode()
        assert sites.study.title not in listing


def test_it_lets_study_analysts_code_every_sites_material_under_pseudonyms(client, world, sites):
    contributions = _contribute_all(sites)
    first = pure_analyst(sites.study, "analystone", "Fay Firstanalyst")
    second = pure_analyst(sites.study, "analysttwo", "Gus Secondanalyst")
    theme = theme_create(program=sites.study.workspace, name="Dread")
    for c in contributions:
        coding_create(source=c.study_source, coder=first, themes=[theme], start=0, end=8)
    assert client.login(username=second.user.username, password=PASSWORD)
    for c, text in zip(contributions, SITE_TEXT.values(), strict=True):
        page = client.get(reverse("coding:source", args=[c.study_source.code]))
        assert page.status_code == 200
        body = page.content.decode()
        assert text in body
        assert "Firstanalyst" not in body and pseudonym(sites.study.workspace, first.code).name in body
    response = client.post(
        reverse("coding:coding_create", args=[contributions[2].study_source.code]),
        {"themes": [theme.code], "start": 0, "end": 8},
    )
    assert response.status_code < 400
    assert contributions[2].study_source.codings.filter(coder=second).exists()
