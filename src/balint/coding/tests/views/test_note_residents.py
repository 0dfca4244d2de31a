"""The residents behind session notes as pseudonymous cases: sent with the note, filled for notes sent before,
read by training year in the matrix, exported as REFI-QDA cases; never named to an analyst."""

import datetime
import io
import zipfile

import pytest
from conftest import PASSWORD, make_meeting, make_person
from django.urls import reverse
from django.utils import timezone

from balint.coding import services
from balint.coding.models import Case, CaseSpan, Source
from balint.coding.tests.factories import code, make_theme
from balint.core.jobs import Job
from balint.meetings.models import Attendance, Meeting, MeetingNote
from balint.programs.models import Cohort, Role

pytestmark = pytest.mark.django_db


def _sign_in(client, person) -> None:
    assert client.login(username=person.user.username, password=PASSWORD)


def _study(world):
    """Six residents in two cohorts. The world's session (Rita presents, Remy late and listening), a second
    one that all attend but one, who is absent, a third of the seniors alone; the notes sent and coded."""
    program = world.program
    younger = Cohort.objects.create(program=program, name="Class of 2028", entry_year=2025)
    third = make_person(program, "resident3", Role.RESIDENT, "Rosa Third", cohort=world.cohort)
    juniors = [
        make_person(program, f"junior{i}", Role.RESIDENT, name, cohort=younger)
        for i, name in enumerate(["Jon Junior", "Jade Junior", "Jem Absent"])
    ]
    world.group.members.add(third, *juniors)
    second = make_meeting(
        world.group,
        timezone.now().replace(microsecond=0) - datetime.timedelta(days=3),
        status=Meeting.Status.HELD,
        presenter=juniors[0],
    )
    for person in [world.resident, world.other_resident, third, *juniors[:2]]:
        Attendance.objects.create(meeting=second, person=person, status=Attendance.Status.ON_TIME)
    Attendance.objects.create(meeting=second, person=juniors[2], status=Attendance.Status.ABSENT)
    MeetingNote.objects.create(meeting=second, content="Rosa Third spoke of the clinic running late.")
    third_session = make_meeting(
        world.group,
        timezone.now().replace(microsecond=0) - datetime.timedelta(days=2),
        status=Meeting.Status.HELD,
        presenter=third,
    )
    for person in [world.resident, world.other_resident, third]:
        Attendance.objects.create(meeting=third_session, person=person, status=Attendance.Status.ON_TIME)
    MeetingNote.objects.create(meeting=third_session, content="The seniors spoke of trust in the team.")
    sources = [
        services.source_from_note(note=note, created_by=world.leader)
        for note in MeetingNote.objects.filter(meeting__group=world.group).order_by("meeting__starts_at")
    ]
    feelings, logistics = make_theme(program, "Feelings"), make_theme(program, "Logistics")
    code(sources[0], world.leader, feelings, 0, 20)
    code(sources[1], world.leader, logistics, 0, 20)
    code(sources[2], world.leader, make_theme(program, "Trust"), 0, 20)
    people = [world.resident, world.other_resident, third, *juniors]
    return sources, people, younger


def test_a_note_sent_to_analysis_is_tied_to_the_residents_in_the_room_by_pseudonym(world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    source = services.source_from_note(note=note, created_by=world.leader)
    cases = list(Case.objects.filter(spans__source=source).order_by("name"))
    assert len(cases) == 2  # Rita presented, Remy came late and listened
    date = world.past_meeting.local_start.date()
    training = world.cohort.training_label(date)
    for case in cases:
        assert case.kind == Case.Kind.RESIDENT and case.is_resident
        assert case.name.startswith("Resident ") and case.name.endswith(f" · {training}")
        assert "Rita" not in case.name and "Remy" not in case.name
        assert case.attributes == {
            "training year": training,
            "cohort": "Class of 2027",
            "group": "Tuesday group",
            "site": "Lakeside Health",
        }
        assert (
            str(world.resident.code) not in case.origin and str(world.other_resident.code) not in case.origin
        )
    assert {(s.start, s.end) for s in CaseSpan.objects.filter(source=source)} == {(0, len(source.text))}
    # the same resident in the same training year is the same case from one note to the next
    again = services.note_cases_attach(source=source, meeting=world.past_meeting)
    assert sorted(c.pk for c in again) == sorted(c.pk for c in cases) and CaseSpan.objects.count() == 2
    assert Case.objects.filter(program=world.program).count() == 2


def test_absent_residents_and_people_who_are_not_residents_are_not_cases(world):
    Attendance.objects.filter(meeting=world.past_meeting, person=world.other_resident).update(
        status=Attendance.Status.ABSENT
    )
    Attendance.objects.create(
        meeting=world.past_meeting, person=world.leader, status=Attendance.Status.ON_TIME
    )
    source = services.source_from_note(
        note=MeetingNote.objects.get(meeting=world.past_meeting), created_by=world.leader
    )
    assert Case.objects.filter(spans__source=source).count() == 1  # Rita, the presenter


def test_a_leader_fills_the_residents_of_notes_sent_before(client, world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    source = services.source_from_note(note=note, created_by=world.leader)
    CaseSpan.objects.all().delete()
    Case.objects.all().delete()  # as sent before residents were cases
    stray = services.source_create(
        program=world.program,
        kind=Source.Kind.SESSION_NOTE,
        title="Old",
        text="x",
        origin="meetings.note:nope",
    )
    _sign_in(client, world.analyst)
    url = reverse("coding:note_cases_fill", args=[world.program.slug])
    assert client.post(url).status_code == 403
    assert (
        "Add the residents behind"
        not in client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    )
    _sign_in(client, world.leader)
    assert (
        "Add the residents behind"
        in client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    )
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "Residents added to 1 session note(s)" in response.content.decode()
    assert Case.objects.filter(spans__source=source).count() == 2 and not stray.case_spans.exists()
    assert services.note_cases_fill(program=world.program) == 0  # nothing left to fill


def test_an_analyst_reads_notes_by_training_year_and_never_a_residents_name(client, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    sources, people, younger = _study(world)
    date = sources[1].date
    senior, junior = world.cohort.training_label(date), younger.training_label(date)
    _sign_in(client, world.analyst)
    grid = client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    assert grid.count(f" · {senior}") >= 3 and grid.count(f" · {junior}") >= 2  # the cases, by pseudonym
    assert "Session " in grid  # the notes too, for the session's own attributes
    matrix_url = reverse("coding:matrix", args=["lakeside"])
    matrix = client.get(matrix_url, {"attribute": "training_year"}).content.decode()
    body = matrix.split("<table", 1)[1]
    assert senior in body and junior in body
    assert "3 cases" in body and "&lt;3 cases" in body  # three seniors, two juniors (one was absent)
    assert "×" in body  # the case count would tell the juniors' number: hidden
    quotes_url = reverse("coding:matrix_quotes", args=["lakeside"])
    trust = sources[2].codings.get().theme  # the seniors' own session: 3 of 3, nothing small in its line
    shown = client.get(
        quotes_url, {"attribute": "training_year", "value": senior, "theme": str(trust.code)}
    ).content.decode()
    assert "<blockquote" in shown and "Resident " in shown
    # "Logistics" (the second session, everyone there): 2 juniors "<3"; the 3 seniors of 3 beside them and
    # the total 5 would tell it: both hidden, and so are the quotes behind the seniors' number
    logistics = sources[1].codings.get().theme
    small = client.get(
        quotes_url, {"attribute": "training_year", "value": junior, "theme": str(logistics.code)}
    ).content.decode()
    assert "<blockquote" not in small and "Fewer than 3" in small
    hidden = client.get(
        quotes_url, {"attribute": "training_year", "value": senior, "theme": str(logistics.code)}
    ).content.decode()
    assert "<blockquote" not in hidden and "is hidden so that" in hidden
    by_sources = client.get(matrix_url, {"attribute": "kind", "unit": "sources"}).content.decode()
    assert "3 sources" in by_sources and "&lt;" not in by_sources.split("<table", 1)[1]
    text = " ".join([grid, matrix, shown, small, hidden, by_sources])
    for person in people:
        for part in person.full_name.split():
            if part not in {"Junior", "Resident", "Third", "Absent"}:
                assert part not in text, part
        assert str(person.code) not in text


def test_the_residents_of_notes_go_to_refi_qda_as_cases_without_names(client, world):
    _sources, people, _younger = _study(world)
    _sign_in(client, world.analyst)
    client.post(reverse("exchange:export", args=["lakeside", "qdpx"]))
    job = Job.objects.get(kind="exchange.export.qdpx")
    data = client.get(reverse("core:job_download", args=[job.code])).content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        contents = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "<Case " in contents and "Resident " in contents and "training year" in contents
    assert "Class of 2028" in contents and "Lakeside Health" in contents
    for person in people:
        assert person.full_name not in contents and str(person.code) not in contents
