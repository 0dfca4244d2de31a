"""What the endpoints return: pagination, date filters, writes through the apps' services, exports."""

import csv
import datetime
import io
import zipfile

import pytest
from conftest import make_meeting
from django.utils import timezone

from balint.coding.models import Coding
from balint.coding.tests.factories import code, make_source, make_theme
from balint.meetings.models import Attendance
from balint.programs.models import Person

from .conftest import api_get, api_post


def test_lists_are_paginated_with_a_bounded_limit(client, world, token_for):
    token = token_for(world.leader)
    start = timezone.now() + datetime.timedelta(days=30)
    for n in range(7):
        make_meeting(world.group, start + datetime.timedelta(days=n))
    page = api_get(client, f"/groups/{world.group.code}/sessions", token, {"limit": 3, "offset": 2}).json()
    assert page["count"] == 9 and len(page["items"]) == 3
    everything = api_get(client, f"/groups/{world.group.code}/sessions", token, {"limit": 200}).json()[
        "items"
    ]
    assert [m["code"] for m in everything[2:5]] == [m["code"] for m in page["items"]]
    for bad in ({"limit": 201}, {"limit": 0}, {"offset": -1}, {"offset": 10**7}, {"limit": "many"}):
        response = api_get(client, f"/groups/{world.group.code}/sessions", token, bad)
        assert response.status_code == 422, bad
        body = response.json()
        assert body["message"] == "The request is not valid." and body["extra"]["errors"][0]["loc"]


def test_sessions_filter_by_day_in_the_programs_time_zone(client, world, token_for):
    token = token_for(world.leader)
    zone = world.program.zone
    late_evening = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=zone)  # 04:30 UTC the next day
    meeting = make_meeting(world.group, late_evening)
    found = api_get(
        client, f"/groups/{world.group.code}/sessions", token, {"from": "2026-03-10", "to": "2026-03-10"}
    ).json()
    assert [m["code"] for m in found["items"]] == [str(meeting.code)]
    assert (
        api_get(
            client, f"/groups/{world.group.code}/sessions", token, {"from": "2026-03-11", "to": "2026-03-11"}
        ).json()["count"]
        == 0
    )
    # Calendar edges and reversed ranges: an answer, never a server error.
    assert (
        api_get(
            client, f"/groups/{world.group.code}/sessions", token, {"from": "0001-01-01", "to": "9999-12-31"}
        ).json()["count"]
        == 3
    )
    reversed_range = api_get(
        client, f"/groups/{world.group.code}/sessions", token, {"from": "2026-03-11", "to": "2026-03-10"}
    )
    assert reversed_range.status_code == 422


def test_session_list_costs_a_fixed_number_of_queries(
    client, world, token_for, django_assert_max_num_queries
):
    token = token_for(world.leader)
    for n in range(20):
        make_meeting(world.group, timezone.now() + datetime.timedelta(days=20 + n), presenter=world.resident)
    with django_assert_max_num_queries(10):
        response = api_get(client, f"/groups/{world.group.code}/sessions", token, {"limit": 100})
    assert response.json()["count"] == 22


def test_codings_list_costs_a_fixed_number_of_queries_and_filters_by_source_date(
    client, world, token_for, django_assert_max_num_queries
):
    theme = make_theme(world.program, "Feelings")
    for day in range(1, 11):
        source = make_source(
            world.program, group=world.group, date=datetime.date(2025, 3, day), title=f"Note {day}"
        )
        code(source, world.leader, theme, 0, 20)
    token = token_for(world.leader)
    with django_assert_max_num_queries(12):
        page = api_get(client, f"/programs/{world.program.slug}/codings", token, {"limit": 200}).json()
    assert page["count"] == 10
    march_first_week = api_get(
        client, f"/programs/{world.program.slug}/codings", token, {"from": "2025-03-01", "to": "2025-03-07"}
    ).json()
    assert march_first_week["count"] == 7
    sources = api_get(client, f"/programs/{world.program.slug}/sources", token, {"from": "2025-03-09"}).json()
    assert [s["title"] for s in sources["items"]] == ["Note 10", "Note 9"]
    assert all("text" not in s for s in sources["items"])


def test_analysts_see_coders_as_pseudonyms_and_leaders_by_name(client, world, token_for):
    source = make_source(world.program, group=world.group)
    code(source, world.leader, make_theme(world.program, "Feelings"), 0, 20)
    by_leader = api_get(client, f"/programs/{world.program.slug}/codings", token_for(world.leader)).json()
    by_analyst = api_get(client, f"/programs/{world.program.slug}/codings", token_for(world.analyst)).json()
    assert by_leader["items"][0]["coder"] == world.leader.full_name
    assert world.leader.full_name not in str(by_analyst)
    assert by_analyst["items"][0]["coder"]


def test_a_write_token_applies_codes_through_the_coding_service(client, world, token_for):
    source = make_source(world.program, group=world.group)
    theme = make_theme(world.program, "Feelings")
    token = token_for(world.analyst, read_only=False)
    body = {"themes": [str(theme.code)], "start": 4, "end": 12, "perspective": "resident"}
    first = api_post(client, f"/sources/{source.code}/codings", token, body)
    assert first.status_code == 201, first.content
    assert first.json()[0]["quote"] == source.text[4:12]
    again = api_post(client, f"/sources/{source.code}/codings", token, body)  # double submit adds nothing
    assert again.status_code == 201 and again.json()[0]["code"] == first.json()[0]["code"]
    assert Coding.objects.count() == 1
    for bad, status in (
        ({**body, "end": 4}, 400),  # empty span: the coding service refuses it
        ({**body, "end": len(source.text) + 5}, 400),
        ({**body, "quote": "not the text"}, 400),
        ({**body, "themes": ["00000000-0000-0000-0000-000000000000"]}, 400),
        ({**body, "themes": []}, 422),
        ({**body, "perspective": "doctor"}, 422),
    ):
        response = api_post(client, f"/sources/{source.code}/codings", token, bad)
        assert response.status_code == status, (bad, response.content)
        assert set(response.json()) == {"message", "extra"}
    not_json = client.post(
        f"/api/v1/sources/{source.code}/codings",
        "{oops",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert not_json.status_code == 422
    assert Coding.objects.count() == 1


def test_attendance_for_someone_outside_the_group_is_refused_and_nothing_is_written(client, world, token_for):
    token = token_for(world.leader, read_only=False)
    url = f"/sessions/{world.past_meeting.code}/attendance"
    response = api_post(client, url, token, {"person": str(world.transcriber.code), "status": "on_time"})
    assert response.status_code == 400
    assert response.json() == {
        "message": "This person is not a member of the group.",
        "extra": {"person": str(world.transcriber.code)},
    }
    outsider = api_post(client, url, token, {"person": str(world.outsider.code), "status": "on_time"})
    assert outsider.status_code == 404 and outsider.json() == {"message": "Not found.", "extra": {}}
    assert Attendance.objects.filter(meeting=world.past_meeting).count() == 2


def test_exports_come_from_the_exchange_app(client, world, token_for):
    source = make_source(world.program, group=world.group)
    code(source, world.leader, make_theme(world.program, "Feelings"), 0, 20)
    token = token_for(world.leader)
    qdpx = api_get(client, f"/programs/{world.program.slug}/exports/qdpx", token)
    assert qdpx.status_code == 200 and qdpx["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(qdpx.content)) as archive:
        assert "project.qde" in archive.namelist()
    qdc = api_get(client, f"/programs/{world.program.slug}/exports/qdc", token)
    assert qdc.status_code == 200 and b"Feelings" in qdc.content
    table = api_get(client, f"/programs/{world.program.slug}/tables/attendance.csv", token)
    rows = list(csv.reader(io.StringIO(table.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Group", "Person", "Status", "Reason"] and len(rows) == 3
    assert api_get(client, f"/programs/{world.program.slug}/tables/secrets.csv", token).status_code == 422


def test_an_empty_codebook_export_is_a_400_in_the_error_shape(client, world, token_for):
    response = api_get(client, f"/programs/{world.program.slug}/exports/qdc", token_for(world.leader))
    assert response.status_code == 400
    assert response.json()["message"] == "The codebook is empty; there is nothing to export."


@pytest.mark.parametrize("path", ["/groups/not-a-uuid", "/sessions/00000000-0000-0000-0000-000000000000"])
def test_unknown_ids_are_422_or_404_in_the_error_shape(client, world, token_for, path):
    response = api_get(client, path, token_for(world.leader))
    assert response.status_code in (404, 422)
    assert set(response.json()) == {"message", "extra"}


def test_people_list_names_roles_and_cohorts(client, world, token_for, django_assert_max_num_queries):
    token = token_for(world.administrator)
    with django_assert_max_num_queries(10):
        body = api_get(client, f"/programs/{world.program.slug}/people", token).json()
    assert body["count"] == Person.objects.filter(memberships__program=world.program).distinct().count()
    rita = next(p for p in body["items"] if p["full_name"] == world.resident.full_name)
    assert rita["memberships"] == [{"role": "resident", "cohort": "Class of 2027", "active": True}]
