import re

from django.urls import reverse

from balint.reports.tests.conftest import END, START

RANGE = {"date_from": START.isoformat(), "date_to": END.isoformat(), "granularity": "quarter"}


def test_it_shows_the_program_dashboard_with_chart_data_and_no_inline_script(client, world, evaluation):
    client.force_login(world.leader.user)
    response = client.get(reverse("reports:program", args=[world.program.slug]), RANGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-charts"' in page and 'data-chart="attendance"' in page and "reports/reports.js" in page
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attrs for attrs in scripts), scripts
    assert "Rita" not in page and "Remy Resident" not in page
    assert "Traditional → Flexible format" in page


def test_it_costs_a_fixed_number_of_queries(client, world, evaluation, django_assert_max_num_queries):
    client.force_login(world.analyst.user)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("reports:program", args=[world.program.slug]), RANGE).status_code == 200


def test_it_refuses_residents_and_transcribers(client, world):
    for person in (world.resident, world.transcriber):
        client.force_login(person.user)
        assert client.get(reverse("reports:program", args=[world.program.slug])).status_code == 403
        assert client.get(reverse("reports:group", args=[world.group.code])).status_code == 403
        assert client.get(reverse("reports:view", args=[world.program.slug])).status_code == 403


def test_it_hides_another_programs_reports(client, world):
    client.force_login(world.outsider.user)
    assert client.get(reverse("reports:program", args=[world.program.slug])).status_code == 404
    assert client.get(reverse("reports:group", args=[world.group.code])).status_code == 404


def test_it_explains_a_reversed_range(client, world):
    client.force_login(world.leader.user)
    response = client.get(
        reverse("reports:program", args=[world.program.slug]),
        {"date_from": "2025-06-01", "date_to": "2025-01-01"},
    )
    assert response.status_code == 422 and "comes before the start" in response.content.decode()


def test_it_shows_a_group_dashboard_to_its_leader(client, world, evaluation):
    client.force_login(world.leader.user)
    response = client.get(reverse("reports:group", args=[world.group.code]), RANGE)
    assert response.status_code == 200 and "Tuesday group: dashboard" in response.content.decode()


def test_it_shows_the_printable_report_page(client, world, evaluation):
    client.force_login(world.administrator.user)
    response = client.get(
        reverse("reports:view", args=[world.program.slug]), {**RANGE, "group": world.group.code}
    )
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "<svg" in page
        and "reports/reports.css" in page
        and "<style>" not in page
    )
    assert "Attendance roster" not in page


def test_it_names_the_period_and_the_report_in_the_readers_language(client, world, evaluation):
    """ "by quarter" and the report's title were English words written in code."""
    client.force_login(world.administrator.user)

    def text(url, language: str) -> str:
        page = client.get(url, RANGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return re.sub(r"<(?!/?title)[^>]+>", "", page)  # what a reader sees (and the title), not links

    dashboard = text(reverse("reports:program", args=[world.program.slug]), "de")
    assert ", nach Quartal." in dashboard and "quarter" not in dashboard
    report = text(reverse("reports:view", args=[world.program.slug]), "es")
    assert "cifras por trimestre" in report and "<title>Evaluación del programa: " in report
    assert "quarter" not in report and "Program evaluation" not in report
    english = text(reverse("reports:view", args=[world.program.slug]), "en")
    assert "figures by quarter" in english and "<title>Program evaluation: " in english
