"""The residents behind session notes as pseudonymous cases: sent with the note, filled for notes sent before,
read by training year in the matrix, exported as REFI-QDA cases; never named to an analyst."""

import csv as csvmodule
import datetime
import html
import io
import re
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
from balint.privacy.models import AuditEvent
from balint.programs.models import Cohort, Role

pytestmark = pytest.mark.django_db


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csvmodule.reader(io.StringIO(data.decode("utf-8-sig"))))


def _sign_in(client, person) -> None:
    assert client.login(username=person.user.username, password=PASSWORD)


def _study(world):
    """Six residents in two cohorts, each presenting one session; the notes sent to the analysis and coded:
    "Trust" in the seniors' sessions, "Logistics" in the juniors' and Rita's, "Feelings" in Rita's."""
    program = world.program
    younger = Cohort.objects.create(program=program, name="Class of 2028", entry_year=2025)
    third = make_person(program, "resident3", Role.RESIDENT, "Rosa Third", cohort=world.cohort)
    juniors = [
        make_person(program, f"junior{i}", Role.RESIDENT, name, cohort=younger)
        for i, name in enumerate(["Jon Junior", "Jade Junior", "Jem Junior"])
    ]
    world.group.members.add(third, *juniors)
    now = timezone.now().replace(microsecond=0)
    for days, presenter in enumerate([world.other_resident, third, *juniors], start=1):
        meeting = make_meeting(
            world.group, now - datetime.timedelta(days=days), status=Meeting.Status.HELD, presenter=presenter
        )
        Attendance.objects.create(meeting=meeting, person=presenter, status=Attendance.Status.ON_TIME)
        MeetingNote.objects.create(
            meeting=meeting, content=f"{presenter.full_name} presented a patient who hurt."
        )
    notes = MeetingNote.objects.filter(meeting__group=world.group).select_related("meeting__presenter")
    sources = {
        note.meeting.presenter.full_name: services.source_from_note(note=note, created_by=world.leader)
        for note in notes
    }
    feelings, trust, logistics = (make_theme(program, name) for name in ["Feelings", "Trust", "Logistics"])
    code(sources["Rita Resident"], world.leader, feelings, 0, 20)
    for name in ["Rita Resident", "Remy Resident", "Rosa Third"]:
        code(sources[name], world.leader, trust, 0, 20)
    for name in ["Rita Resident", "Jon Junior", "Jade Junior", "Jem Junior"]:
        code(sources[name], world.leader, logistics, 0, 20)
    people = [world.resident, world.other_resident, third, *juniors]
    return sources, people, younger, (feelings, trust, logistics)


def test_a_note_sent_to_analysis_is_tied_to_its_presenter_by_pseudonym(world):
    note = MeetingNote.objects.get(meeting=world.past_meeting)
    source = services.source_from_note(note=note, created_by=world.leader)
    case = Case.objects.get(spans__source=source)  # Rita presented; Remy, late and listening, is not a case
    training = world.cohort.training_label(world.past_meeting.local_start.date())
    assert case.kind == Case.Kind.RESIDENT and case.is_resident
    assert case.name.startswith("Resident ") and case.name.endswith(f" · {training}")
    assert "Rita" not in case.name and str(world.resident.code) not in case.origin
    assert case.attributes == {
        "training year": training,
        "cohort": "Class of 2027",
        "group": "Tuesday group",
        "site": "Lakeside Health",
    }
    assert [(s.start, s.end) for s in CaseSpan.objects.filter(source=source)] == [(0, len(source.text))]
    # the same resident in the same training year is the same case from one note to the next
    assert services.note_cases_attach(source=source, meeting=world.past_meeting) == [case]
    assert Case.objects.count() == 1 and CaseSpan.objects.count() == 1


def test_a_session_without_a_presenting_resident_has_no_case(world):
    Meeting.objects.filter(pk=world.past_meeting.pk).update(presenter=world.leader)
    world.past_meeting.refresh_from_db()
    source = services.source_from_note(
        note=MeetingNote.objects.get(meeting=world.past_meeting), created_by=world.leader
    )
    assert not Case.objects.exists() and not source.case_spans.exists()


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
        "Add the presenters of"
        not in client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    )
    _sign_in(client, world.leader)
    assert (
        "Add the presenters of"
        in client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    )
    response = client.post(url, follow=True)
    assert (
        response.status_code == 200 and "Presenters added to 1 session note(s)" in response.content.decode()
    )
    assert Case.objects.filter(spans__source=source).count() == 1 and not stray.case_spans.exists()
    assert services.note_cases_fill(program=world.program) == 0  # nothing left to fill


def test_an_analyst_reads_notes_by_training_year_and_never_a_residents_name(client, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    sources, people, younger, (feelings, trust, logistics) = _study(world)
    date = sources["Jon Junior"].date
    senior, junior = world.cohort.training_label(date), younger.training_label(date)
    _sign_in(client, world.analyst)
    grid = client.get(reverse("coding:attributes", args=["lakeside"])).content.decode()
    assert grid.count(f" · {senior}") == 3 and grid.count(f" · {junior}") == 3  # the cases, by pseudonym
    assert "Session " in grid  # the notes too, for the session's own attributes
    matrix_url = reverse("coding:matrix", args=["lakeside"])
    matrix = client.get(matrix_url, {"attribute": "training_year"}).content.decode()
    body = matrix.split("<table", 1)[1]
    assert senior in body and junior in body and body.count("3 cases") == 2 and "6 cases" in body

    def cells(theme) -> list[str]:
        """The text each cell of the theme's row shows, its share dropped: juniors, seniors, total."""
        row = body.split(f"</span>{theme.name}</th>", 1)[1].split("</tr>", 1)[0]
        texts = [
            re.sub(r"<[^>]+>", "", part.split("</td>")[0].split(">", 1)[1]) for part in row.split("<td")[1:]
        ]
        return [html.unescape(text).split("(")[0].strip() for text in texts]

    assert sorted([junior, senior]) == [junior, senior]  # columns in order: juniors, seniors, total
    assert cells(trust) == ["0", "3", "3"]
    # "Logistics": one senior ("<3") beside the three juniors of three and a total of 4 would tell it
    assert cells(logistics) == ["×", "<3", "×"]
    # "Feelings": Rita alone; a "<3" total beside one "<3" tells nothing more (both 1 or 2)
    assert cells(feelings) == ["0", "<3", "<3"]
    # the CSV holds what the page shows, cell for cell: the same "<3" and "×", and is audited
    csv = client.get(reverse("coding:matrix_csv", args=["lakeside"]), {"attribute": "training_year"})
    assert csv["Content-Type"].startswith("text/csv") and "attachment" in csv["Content-Disposition"]
    table = {row[0]: row[1:] for row in _csv_rows(csv.content)}
    assert table["Theme"] == [junior, senior, "Total"] and table["Total"] == ["3", "3", "6"]
    assert [table[t.name] for t in (trust, logistics, feelings)] == [
        cells(trust),
        cells(logistics),
        cells(feelings),
    ]
    assert AuditEvent.objects.filter(action="exported", object_type="coding.matrix").count() == 1
    quotes_url = reverse("coding:matrix_quotes", args=["lakeside"])
    query = {"attribute": "training_year", "value": senior, "theme": str(trust.code)}
    shown = client.get(quotes_url, query).content.decode()
    assert shown.count("<blockquote") == 3 and "Resident " in shown
    small = client.get(quotes_url, {**query, "theme": str(logistics.code)}).content.decode()
    assert "<blockquote" not in small and "Fewer than 3" in small
    hidden = client.get(quotes_url, {**query, "value": junior, "theme": str(logistics.code)}).content.decode()
    assert "<blockquote" not in hidden and "is hidden so that" in hidden
    by_sources = client.get(matrix_url, {"attribute": "kind", "unit": "sources"}).content.decode()
    assert "6 sources" in by_sources and "&lt;" not in by_sources.split("<table", 1)[1]
    text = " ".join([grid, matrix, shown, small, hidden, by_sources, csv.content.decode("utf-8-sig")])
    for person in people:
        for part in person.full_name.split():
            if part not in {"Junior", "Resident", "Third"}:
                assert part not in text, part
        assert str(person.code) not in text


def test_filtering_by_cohort_keeps_the_notes_its_residents_presented(client, world, settings):
    """A note has no cohort of its own (the room is mixed); its presenter's case has, and the cohort filter
    reads it: filtered to the younger cohort, the matrix and the views page hold the juniors' notes only."""
    settings.BALINT_REPORT_MIN_CELL = 3
    sources, _people, younger, (feelings, trust, logistics) = _study(world)
    junior = younger.training_label(sources["Jon Junior"].date)
    _sign_in(client, world.analyst)
    matrix = client.get(
        reverse("coding:matrix", args=["lakeside"]), {"attribute": "training_year", "cohort": younger.pk}
    ).content.decode()
    body = matrix.split("<table", 1)[1]
    assert junior in body and "3 cases" in body and "6 cases" not in body
    assert world.cohort.training_label(sources["Jon Junior"].date) not in body  # no senior column
    views = client.get(reverse("coding:views", args=["lakeside"]), {"cohort": younger.pk}).content.decode()
    assert logistics.name in views and trust.name not in views and feelings.name not in views


def test_the_residents_of_notes_go_to_refi_qda_as_cases_without_names(client, world):
    _sources, people, _younger, _themes = _study(world)
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
