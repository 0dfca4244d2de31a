"""The study's report by site and pooled keeps the small-cell rule per site and after every split."""

import datetime

from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Category
from balint.coding.services import coding_create, source_import, theme_create
from balint.studies import selectors, services
from balint.studies.tests.factories import pure_analyst

K = 3


def _documents(program, count: int, year: int = 2025):
    return [
        source_import(
            program=program,
            name=f"reflection-{i}.txt",
            data=f"Reflection {i} of {program.slug}: the group stayed with the feeling.".encode(),
            date=datetime.date(year, 1 + i % 12, 1),
            deidentified=True,
        )
        for i in range(count)
    ]


def _coded_study(sites, per_site=(5, 5, 1)):
    analyst = pure_analyst(sites.study)
    category = Category.objects.get(program=sites.study.workspace, name="Balint process")
    other = Category.objects.get(program=sites.study.workspace, name="Professional development")
    feelings = theme_create(program=sites.study.workspace, name="Feelings", category=category)
    skills = theme_create(program=sites.study.workspace, name="Skills", category=other)
    for member, admin, count in zip(sites.members, sites.admins, per_site, strict=True):
        docs = _documents(member.program, count)
        for i, c in enumerate(services.contributions_add(member=member, sources=docs, contributed_by=admin)):
            coding_create(source=c.study_source, coder=analyst, themes=[feelings], start=0, end=9)
            if i < 4:
                coding_create(source=c.study_source, coder=analyst, themes=[skills], start=10, end=20)
    return analyst


def _lines(table):
    rows = [cells for _, cells in table.rows]
    return rows + [list(column) for column in zip(*rows, strict=True)]


def test_it_hides_a_small_site_and_never_leaves_one_hidden_cell_alone_in_a_split(sites):
    _coded_study(sites)
    report = selectors.study_report(study=sites.study, k=K)
    assert report.sites == ["Site A", "Site B", "Site C"]
    assert report.sources[2].display == f"<{K}"
    for table in (report.categories, report.periods):
        site_c = [cells[2] for _, cells in table.rows]
        assert all(cell.value is None for cell in site_c)
        for line in _lines(table):
            assert sum(cell.suppressed for cell in line) != 1, [c.display for c in line]
    pooled = dict(report.categories.rows)["Balint process"]
    assert pooled[-1].value == 11 and sum(cell.secondary for cell in pooled[:2]) == 1


def test_it_shows_the_suppressed_report_to_a_site_without_the_hidden_figures(client, sites, settings):
    settings.BALINT_REPORT_MIN_CELL = K
    _coded_study(sites)
    client.login(username=sites.admins[2].user.username, password=PASSWORD)
    page = client.get(reverse("studies:report", args=[sites.study.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "&lt;3" in body and "Category balance by site" in body
    assert "Reflection 0 of lakeside" not in body and "feeling" not in body


def test_it_reads_the_report_in_a_fixed_number_of_queries(sites, django_assert_max_num_queries):
    _coded_study(sites)
    with django_assert_max_num_queries(6):
        selectors.study_report(study=sites.study, k=K)


def test_it_draws_one_themes_timeline_by_site_with_the_same_rule(client, sites, settings):
    settings.BALINT_REPORT_MIN_CELL = K
    _coded_study(sites)
    from balint.coding.models import Theme

    skills = Theme.objects.get(program=sites.study.workspace, name="Skills")
    report = selectors.study_report(study=sites.study, k=K, theme=skills)
    total = dict(report.periods.rows)["Total"]
    assert total[-1].value == 9  # four per site at A and B, one at C
    assert total[2].display == f"<{K}"
    client.login(username=sites.admins[0].user.username, password=PASSWORD)
    page = client.get(reverse("studies:report", args=[sites.study.code]), {"theme": skills.code})
    assert page.status_code == 200 and "“Skills” over time, by site" in page.content.decode()
