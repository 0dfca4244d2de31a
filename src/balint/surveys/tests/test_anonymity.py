"""One test per anonymity guarantee stated in the README's "Anonymous surveys" section."""

import datetime
import logging
import re

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.urls import reverse

from balint.privacy.crypto import decrypt
from balint.surveys import selectors, services
from balint.surveys.models import Answer, Invitation, Question, Response, Survey, Transcript
from balint.surveys.tests.factories import answer, make_survey

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (DistinctiveAgent/9.9)"


def _post_through_link(client, survey, person, text):
    invitation = Invitation.objects.get(survey=survey, person=person)
    token = services.invitation_token(invitation)
    data = {}
    for question in survey.instrument.questions.all():
        key = f"q_{question.code}"
        if question.kind == Question.Kind.OPEN:
            data[key] = text
        elif question.kind == Question.Kind.LIKERT:
            data[key] = "4"
        else:
            data[key] = "1"
    response = client.post(reverse("surveys:link", args=[token]), data, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    assert response.status_code == 302, response.content[:400]
    return invitation, token


def _raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return cursor.fetchall()


def test_it_stores_answer_rows_without_person_login_token_address_or_agent(client, world, survey):
    client.force_login(world.resident.user)
    invitation, token = _post_through_link(client, survey, world.resident, "The group is where I slow down.")

    for model in (Response, Answer):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
        assert related <= {Survey, Response, Question}, model
    assert [f.name for f in Response._meta.concrete_fields] == ["id", "survey"]
    assert [f.name for f in Answer._meta.concrete_fields] == [
        "id",
        "response",
        "question",
        "text",
        "scale",
        "options",
    ]
    person = world.resident
    forbidden = {
        str(person.pk),
        str(person.code),
        str(person.code.hex),
        person.user.username,
        str(person.user.pk),
        person.full_name,
        person.email,
        token,
        invitation.token_hash,
        str(invitation.code),
        str(invitation.pk),
        IP,
        AGENT,
        client.session.session_key,
    }
    rows = _raw_rows(Response._meta.db_table) + _raw_rows(Answer._meta.db_table)
    assert rows
    for row in rows:
        for cell in row:
            for secret in forbidden - {str(person.pk), str(person.user.pk), str(invitation.pk)}:
                assert secret not in str(cell), (secret, row)


def test_it_stores_no_submission_time_at_all(world, survey, settings):
    for model in (Response, Answer, Transcript, Invitation):
        kinds = {type(f) for f in model._meta.concrete_fields}
        assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}, model
    stamp = Survey.objects.get(pk=survey.pk).updated_at

    answer(survey, world.resident, text="Early answer")
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)):
        answer(survey, world.other_resident, text="Later answer")

    survey.refresh_from_db()
    assert survey.updated_at == stamp  # a submission does not touch the survey row either
    for row in _raw_rows(Answer._meta.db_table) + _raw_rows(Invitation._meta.db_table):
        for cell in row:
            assert not isinstance(cell, datetime.date | datetime.datetime), row
            assert not re.search(r"\d{4}-\d{2}-\d{2}", str(cell)), row
    # The open text is a Fernet token, which would carry the second it was written: it carries 0.
    fernet = Fernet(settings.BALINT_ENCRYPTION_KEYS[0].encode())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {Answer._meta.db_table}")
        tokens = [row[0] for row in cursor.fetchall()]
    assert tokens and {fernet.extract_timestamp(token.encode()) for token in tokens} == {0}


def test_it_stores_and_lists_answers_in_an_order_unrelated_to_submission(world, survey):
    residents = list(survey.group.members.order_by("pk"))
    submitted = []
    for index, person in enumerate(residents):
        text = f"answer number {index:02d}"
        answer(survey, person, text=text)
        submitted.append(text)
    assert len(submitted) >= 10
    first_open = survey.instrument.questions.filter(kind=Question.Kind.OPEN).first()

    listed = [
        a.text
        for a in selectors.transcription_queue(program=world.program, transcriber=world.transcriber)
        if a.question_id == first_open.pk
    ]
    physical_key = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text FROM {Answer._meta.db_table} WHERE question_id = %s ORDER BY {physical_key}",
            [first_open.pk],
        )
        stored = [decrypt(row[0]) for row in cursor.fetchall()]  # the column holds timeless tokens
        cursor.execute(f"SELECT id FROM {Response._meta.db_table} ORDER BY {physical_key}")
        stored_responses = [row[0] for row in cursor.fetchall()]

    assert sorted(listed) == sorted(stored) == submitted
    # With ten or more answers a random order equals submission order with a chance below 1 in 3.6 million.
    assert listed != submitted
    assert stored != submitted
    assert len(stored_responses) == len(submitted)


def test_it_keeps_the_answered_record_free_of_what_was_answered(world, survey):
    answer(survey, world.resident, text="What I really think")

    related = {f.related_model for f in Invitation._meta.get_fields() if f.is_relation and f.concrete}
    assert related == {Survey, type(world.resident)}
    assert [f.name for f in Invitation._meta.concrete_fields] == [
        "id",
        "code",
        "survey",
        "person",
        "token_hash",
        "answered",
    ]
    answer_ids = {str(a.pk) for a in Answer.objects.all()} | {str(r.pk) for r in Response.objects.all()}
    for row in _raw_rows(Invitation._meta.db_table):
        assert not {str(cell) for cell in row} & answer_ids
        assert "What I really think" not in " ".join(map(str, row))


def test_it_hides_results_until_the_threshold_and_never_allows_fewer_than_three(client, world):
    from balint.surveys.tests.factories import add_members

    add_members(world.group, 4)
    survey = make_survey(world.group, min_answers=5)
    client.force_login(world.leader.user)
    members = list(survey.group.members.all())
    for person in members[:4]:
        answer(survey, person, text="Hidden until five")

    page = client.get(reverse("surveys:results", args=[survey.code]))
    assert b"Results are hidden" in page.content and b"Hidden until five" not in page.content
    assert b"survey-charts" not in page.content
    assert not selectors.survey_results(survey=survey).questions

    answer(survey, members[4], text="Hidden until five")
    Transcript.objects.bulk_create(
        [
            Transcript(answer=a, text=a.text, approved=True)
            for a in Answer.objects.filter(question__kind="open")
        ]
    )
    page = client.get(reverse("surveys:results", args=[survey.code]))
    assert b"Results are hidden" not in page.content and b"Hidden until five" in page.content

    from balint.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        make_survey(world.group, min_answers=2)
    assert Survey._meta.get_field("min_answers").default == 5


def test_it_writes_no_log_audit_or_session_record_that_ties_a_person_to_an_answer(
    client, world, survey, caplog
):
    client.force_login(world.resident.user)
    counts_before = {m._meta.db_table: m.objects.count() for m in apps.get_models()}
    secret = "A sentence only this resident wrote"
    caplog.set_level(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
    try:
        # A refused submission (422) and a successful one, the way Django's request logging sees them.
        invitation = Invitation.objects.get(survey=survey, person=world.resident)
        forged = {"q_00000000-0000-0000-0000-000000000000": secret}
        refused = client.post(reverse("surveys:answer", args=[survey.code]), forged)
        assert refused.status_code == 422
        _post_through_link(client, survey, world.resident, secret)
    finally:
        logging.getLogger("django.db.backends").setLevel(logging.WARNING)

    for record in caplog.records:
        message = record.getMessage()
        assert secret not in message
        if str(getattr(record, "sql", "")).upper().startswith("INSERT"):
            assert world.resident.user.username not in message
    changed = {
        m._meta.db_table for m in apps.get_models() if m.objects.count() != counts_before[m._meta.db_table]
    }
    assert changed <= {Response._meta.db_table, Answer._meta.db_table, Session._meta.db_table}
    assert not LogEntry.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered
    session = Session.objects.get(session_key=client.session.session_key).get_decoded()
    # `_touched` is when the session was last saved (as its expiry date tells): never the survey or answer.
    assert set(session) <= {"_auth_user_id", "_auth_user_backend", "_auth_user_hash", "_messages", "_touched"}
    assert secret not in str(session) and str(survey.code) not in str(session)
