"""The whole study as .qdpx: valid against the shipped schema, sites as cases and variables, no names."""

import io
import zipfile

from conftest import PASSWORD
from django.urls import reverse
from lxml import etree

from balint.coding.services import coding_create, theme_create
from balint.core.jobs import Job
from balint.exchange.refi_qda import read_qdpx
from balint.exchange.refi_qda.tests.helpers import official_schema
from balint.privacy.pseudonyms import pseudonym
from balint.studies import services
from balint.studies.tests.conftest import SITE_TEXT
from balint.studies.tests.factories import pure_analyst


def test_it_exports_the_pooled_study_with_sites_as_variables_and_coders_as_pseudonyms(client, sites):
    contributions = [
        services.contributions_add(member=m, sources=[s], contributed_by=a)[0]
        for m, s, a in zip(sites.members, sites.sources, sites.admins, strict=True)
    ]
    analyst = pure_analyst(sites.study)
    theme = theme_create(program=sites.study.workspace, name="Dread")
    for c in contributions:
        coding_create(source=c.study_source, coder=analyst, themes=[theme], start=0, end=8)
    services.member_withdraw(member=sites.members[2], withdrawn_by=sites.admins[2])
    client.login(username=analyst.user.username, password=PASSWORD)
    queued = client.post(reverse("studies:export", args=[sites.study.code]))
    assert queued.status_code == 302
    job = Job.objects.get(requested_by=analyst)
    assert job.status == Job.Status.DONE, job.error
    response = client.get(reverse("core:job_download", args=[job.code]))
    assert response.status_code == 200
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        official_schema("Project-mrt2019.xsd").assertValid(etree.fromstring(archive.read("project.qde")))
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    cases = {c.get("name"): c for c in root.findall("q:Cases/q:Case", ns)}
    assert sorted(cases) == ["Site A", "Site B"]
    guids = {s.get("name"): s.get("guid") for s in root.findall("q:Sources/q:TextSource", ns)}
    site_a = [guid for name, guid in guids.items() if name.startswith("Site A")]
    assert [r.get("targetGUID") for r in cases["Site A"].findall("q:SourceRef", ns)] == site_a
    assert cases["Site B"].find("q:VariableValue/q:TextValue", ns).text == "Site B"
    project = read_qdpx(data).project
    assert sorted(s.variables["site"] for s in project.sources) == ["Site A", "Site B"]
    assert SITE_TEXT["lakeside"] in everything and SITE_TEXT["hillcrest"] in everything
    assert SITE_TEXT["riverton"] not in everything
    for name in (
        "Studyanalyst",
        "Ada Admin",
        "Hugo Hilladmin",
        "Lakeside FM",
        "Hillcrest IM",
        "Tuesday group",
    ):
        assert name not in everything
    assert [u.name for u in project.users] == [pseudonym(sites.study.workspace, analyst.code).name]
    assert sum(len(s.selections) for s in project.sources) == 2
