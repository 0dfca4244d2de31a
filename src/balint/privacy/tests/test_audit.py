"""The audit trail: append-only, sign-ins and program views, read by program admins, no survey answers."""

import datetime

import pytest
from conftest import PASSWORD
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from balint.privacy.audit import AuditRefused, UrlAudit, audit_record, audit_url_name, audited
from balint.privacy.models import AppendOnlyError, AuditEvent


def login(client, person) -> None:
    assert client.login(username=person.user.username, password=PASSWORD)


def test_it_refuses_changes_and_deletes_through_the_orm(world, leader):
    event = audit_record(action="viewed", person=leader, object_type="program", program=world.program)
    event.detail = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_it_refuses_raw_sql_updates_in_the_database(world, leader):
    event = audit_record(action="viewed", person=leader, program=world.program)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET detail = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM privacy_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_it_rejects_an_unknown_action(db):
    with pytest.raises(ValueError):
        audit_record(action="deleted-everything")


def test_it_records_sign_in_and_sign_out_through_the_sign_in_page(client, world, leader):
    response = client.post(reverse("login"), {"username": "leader1", "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="signed_in")
    assert event.actor == leader and event.actor_label == "Lee Leader" and event.ip == "127.0.0.1"
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action="signed_out", actor=leader).count() == 1


def test_it_records_a_failed_sign_in_with_the_attempted_username(client, world):
    response = client.post(reverse("login"), {"username": "leader1", "password": "wrong"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="failed_sign_in")
    assert event.actor is None and event.actor_label == "leader1"
    assert "wrong" not in (event.detail + event.actor_label)


def test_it_records_program_and_person_views(client, world, administrator):
    login(client, administrator)
    client.get(reverse("programs:detail", args=[world.program.slug]))
    client.get(reverse("programs:person", args=[world.program.slug, world.resident.code]))
    views = AuditEvent.objects.filter(action="viewed", actor=administrator).order_by("id")
    assert [(e.object_type, e.program) for e in views] == [
        ("program", world.program),
        ("person", world.program),
    ]
    assert views[1].object_code == str(world.resident.code)


def test_it_does_not_record_refused_requests(client, world, resident):
    login(client, resident)
    assert client.get(reverse("programs:detail", args=[world.program.slug])).status_code == 403
    assert not AuditEvent.objects.filter(action="viewed").exists()


def test_the_decorator_records_only_successful_responses(world, leader):
    @audited("exported", object_type="program")
    def export(request, slug):
        return HttpResponse("ok", status=200 if slug == world.program.slug else 404)

    request = RequestFactory().get("/x")
    request.user = leader.user
    export(request, slug=world.program.slug)
    export(request, slug="missing")
    (event,) = AuditEvent.objects.filter(action="exported")
    assert (
        event.program == world.program and event.actor == leader and event.object_code == world.program.slug
    )


def test_it_refuses_to_audit_survey_answer_routes():
    with pytest.raises(AuditRefused):
        audit_url_name("surveys:answer", UrlAudit(action="viewed", object_type="answer"))


def _fill_and_submit(client, url: str):
    from balint.privacy.testing.forms import page_forms

    page = client.get(url)
    assert page.status_code == 200, page.status_code
    (form,) = [f for f in page_forms(page.content.decode(), url) if f.method == "post" and f.text_fields()]
    data = form.data("It helps me think about patients.")
    # Likert and choice questions: pick the first option offered.
    return client.post(form.action, data, follow=True)


def _survey_fixtures():
    try:
        from balint.surveys.models import Answer
        from balint.surveys.tests.factories import other_resident_token, survey_world
    except ImportError as error:  # pragma: no cover - until the surveys app lands
        pytest.skip(f"the surveys app has no answer route yet ({error}); re-check in phase 2")
    return Answer, survey_world, other_resident_token


def test_answering_a_survey_signed_in_creates_no_audit_row(client, world):
    """Nothing may tie a person to an answer: the signed-in answer route leaves no audit event at all."""
    Answer, survey_world, _ = _survey_fixtures()
    survey = survey_world(world)
    client.post(reverse("login"), {"username": world.other_resident.user.username, "password": PASSWORD})
    events, answers = AuditEvent.objects.count(), Answer.objects.count()
    response = _fill_and_submit(client, reverse("surveys:answer", args=[survey.code]))
    assert response.status_code == 200
    assert Answer.objects.count() > answers, "the answer was not stored, so the test proves nothing"
    assert AuditEvent.objects.count() == events


def test_answering_a_survey_through_a_link_creates_no_audit_row(client, world):
    Answer, _, other_resident_token = _survey_fixtures()
    token = other_resident_token(world)
    events, answers = AuditEvent.objects.count(), Answer.objects.count()
    response = _fill_and_submit(client, reverse("surveys:link", args=[token]))
    assert response.status_code == 200
    assert Answer.objects.count() > answers
    assert AuditEvent.objects.count() == events


def test_survey_answer_routes_are_never_registered_for_auditing():
    from balint.privacy.audit import AUDITED_URLS, NEVER_AUDIT_PREFIXES

    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "surveys":
            for pattern in entry.url_patterns:
                name = f"surveys:{pattern.name}"
                if name.startswith(NEVER_AUDIT_PREFIXES):
                    assert name not in AUDITED_URLS
    assert "surveys:answer".startswith(NEVER_AUDIT_PREFIXES)
    assert "surveys:link".startswith(NEVER_AUDIT_PREFIXES)
    assert "surveys:thanks".startswith(NEVER_AUDIT_PREFIXES)


def test_the_audit_page_filters_by_person_action_and_date(client, world, administrator, leader, resident):
    audit_record(action="viewed", person=leader, object_type="program", program=world.program)
    audit_record(action="exported", person=resident, object_type="program", program=world.program)
    audit_record(action="signed_in", person=resident)  # no program: shown as one of the program's people
    audit_record(action="viewed", person=world.outsider, program=world.other_program, detail="hillcrest-only")
    login(client, administrator)
    url = reverse("privacy:audit", args=[world.program.slug])
    everything = client.get(url)
    assert everything.status_code == 200
    body = everything.content.decode()
    assert "hillcrest-only" not in body and "Otto Outsider" not in body
    page = client.get(url, {"person": str(resident.code)})
    assert {e.action for e in page.context["page"]} == {"exported", "signed_in"}
    page = client.get(url, {"action": "exported"})
    assert [e.actor for e in page.context["page"]] == [resident]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert list(client.get(url, {"date_from": tomorrow}).context["page"]) == []
    assert client.get(url, {"date_from": "not-a-date"}).status_code == 422


def test_the_audit_page_keeps_its_query_count_flat(
    client, world, administrator, django_assert_max_num_queries
):
    login(client, administrator)
    url = reverse("privacy:audit", args=[world.program.slug])
    for i in range(60):
        audit_record(action="viewed", person=administrator, program=world.program, detail=f"n{i}")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["page"]) == 50


def test_the_audit_page_is_for_program_admins_only(client, world, leader, outsider):
    url = reverse("privacy:audit", args=[world.program.slug])
    login(client, leader)
    assert client.get(url).status_code == 403
    login(client, outsider)
    assert client.get(url).status_code == 404


def test_exports_and_table_downloads_are_recorded(client, world):
    client.force_login(world.leader.user)
    response = client.post(reverse("exchange:export", args=[world.program.slug, "qdpx"]))
    assert response.status_code == 302
    response = client.get(reverse("exchange:table", args=[world.program.slug, "codings", "csv"]))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action="exported", program=world.program, actor=world.leader)
    assert sorted(events.values_list("object_type", flat=True)) == ["qdpx", "table codings"]
    client.get(reverse("exchange:table", args=[world.program.slug, "nothing", "csv"]))  # refused: no row
    assert events.count() == 2
