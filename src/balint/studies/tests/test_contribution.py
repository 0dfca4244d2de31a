"""Only de-identified material can be contributed, in exactly the form the preview shows."""

import datetime

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Source
from balint.coding.services import source_create, source_import
from balint.core.errors import ApplicationError
from balint.meetings.models import MeetingNote, NoteDraft
from balint.studies import services
from balint.studies.models import Contribution
from balint.studies.tests.factories import join, make_study, note_source
from balint.surveys import services as surveys
from balint.surveys.models import Answer, Question, Response, Transcript
from balint.surveys.tests.factories import add_members, answer, make_survey

WHEN = datetime.datetime(2025, 3, 4, 18, tzinfo=datetime.UTC)


@pytest.fixture
def member(world):
    return join(make_study(world.outsider), world.program, world.administrator)


def test_it_contributes_a_screened_note_by_site_with_every_name_of_the_program_masked(world, member):
    source = note_source(
        world.group,
        "Rita said Dr Lee Leader was kind; Ana Analyst agreed.",
        WHEN,
        process="Cora Coleader listened.",
    )
    [contribution] = services.contributions_add(
        member=member, sources=[source], contributed_by=world.administrator
    )
    shared = contribution.study_source
    assert shared.program == member.study.workspace
    assert shared.attributes["site"] == "Site A"
    assert shared.group is None and shared.cohort is None and shared.created_by is None
    for name in ("Rita", "Leader", "Ana", "Analyst", "Cora", "Coleader"):
        assert name not in shared.text and name not in shared.title
    assert "[NAME]" in shared.text and "was kind" in shared.text
    assert shared.title.startswith("Site A · ")


def test_it_never_contributes_an_unscreened_autosaved_draft(world, member):
    source = note_source(world.group, "Screened words only.", WHEN)
    note = MeetingNote.objects.get(meeting__code=source.origin.split(":")[1])
    leader = note.meeting.group.leaders.first()
    NoteDraft.objects.create(
        note=note,
        author=leader,
        base_version=note.version,
        content="DRAFT with patient John Smith MRN 123456",
    )
    note.screened = False
    note.save()
    [contribution] = services.contributions_add(
        member=member, sources=[source], contributed_by=world.administrator
    )
    assert "DRAFT" not in contribution.study_source.text and "Smith" not in contribution.study_source.text
    assert "Screened words only." in contribution.study_source.text


def test_it_refuses_identified_material_and_keeps_nothing_of_the_batch(world, member):
    good = note_source(world.group, "Fine words.", WHEN)
    identified = source_import(
        program=world.program, name="raw.txt", data=b"Patient Jane Roe, MRN 4471.", deidentified=False
    )
    with pytest.raises(ApplicationError, match="Not de-identified"):
        services.contributions_add(
            member=member, sources=[good, identified], contributed_by=world.administrator
        )
    assert not Contribution.objects.exists()
    assert not Source.objects.filter(program=member.study.workspace).exists()


def test_it_refuses_a_note_kind_source_that_did_not_come_from_screened_notes(world, member):
    forged = source_create(
        program=world.program, kind=Source.Kind.SESSION_NOTE, title="Typed in", text="Words."
    )
    with pytest.raises(ApplicationError, match="screened notes"):
        services.contributions_add(member=member, sources=[forged], contributed_by=world.administrator)


def test_it_refuses_a_source_of_another_program(world, member):
    other = source_import(
        program=world.other_program, name="x.txt", data=b"Hillcrest text.", deidentified=True
    )
    with pytest.raises(ApplicationError, match="another program"):
        services.contributions_add(member=member, sources=[other], contributed_by=world.administrator)


def _transcripts(world, count: int, approve: bool):
    add_members(world.group, 3)
    survey = make_survey(world.group, min_answers=3)
    residents = list(world.group.members.all())[:count]
    for person in residents:
        answer(survey, person, text="It helps me think about patients.")
    for item in Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN):
        surveys.transcript_save(
            answer=item, transcriber=world.transcriber, text="Transcribed words.", approve=True
        )
    surveys.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    sources = list(Source.objects.filter(program=world.program, kind=Source.Kind.TRANSCRIPT))
    if not approve:
        Transcript.objects.filter(answer__response__survey=survey).update(approved=False)
    return survey, sources


def test_it_contributes_approved_transcripts_of_a_survey_past_its_threshold(world, member):
    _, sources = _transcripts(world, 3, approve=True)
    assert sources
    added = services.contributions_add(member=member, sources=sources, contributed_by=world.administrator)
    assert len(added) == len(sources)
    assert added[0].study_source.attributes["survey"] == "End of year"


def test_it_refuses_a_transcript_no_longer_approved(world, member):
    _, sources = _transcripts(world, 3, approve=False)
    with pytest.raises(ApplicationError, match="not approved"):
        services.contributions_add(member=member, sources=sources[:1], contributed_by=world.administrator)


def test_it_refuses_a_transcript_of_a_survey_below_its_threshold(world, member):
    survey, sources = _transcripts(world, 3, approve=True)
    Response.objects.filter(survey=survey).first().delete()  # its answers leave the question's source
    assert services.contribution_refusal(sources[0]) == "The survey has fewer answers than its threshold."
    with pytest.raises(ApplicationError, match="threshold"):
        services.contributions_add(member=member, sources=sources[:1], contributed_by=world.administrator)


def test_it_refuses_contributing_twice_and_after_withdrawing_from_the_study(world, member):
    source = note_source(world.group, "Words.", WHEN)
    services.contributions_add(member=member, sources=[source], contributed_by=world.administrator)
    with pytest.raises(ApplicationError, match="already in the study"):
        services.contributions_add(member=member, sources=[source], contributed_by=world.administrator)
    services.member_withdraw(member=member, withdrawn_by=world.administrator)
    with pytest.raises(ApplicationError, match="withdrawn"):
        services.contributions_add(member=member, sources=[source], contributed_by=world.administrator)


def test_it_previews_exactly_what_the_study_receives_then_contributes_it(client, world, member):
    source = note_source(world.group, "Rita Resident wondered about the patient's anger.", WHEN)
    identified = source_import(program=world.program, name="raw.txt", data=b"Raw words.", deidentified=False)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:preview", args=[world.program.slug, member.study.code])
    page = client.get(url, {"source": [source.code]})
    body = page.content.decode()
    expected = services.shared_form(member=member, source=source)
    assert "[NAME] wondered about the patient&#x27;s anger." in body
    assert "Rita" not in body and "Tuesday group" not in body
    assert expected.title in body and "Site A" in body
    refused = client.get(url, {"source": [identified.code]})
    assert "cannot go" in refused.content.decode() and "Contribute these" not in refused.content.decode()
    assert client.post(url, {"source": [identified.code]}).status_code == 422
    assert not Contribution.objects.exists()
    done = client.post(url, {"source": [source.code]})
    assert done.status_code == 302
    assert Contribution.objects.get().study_source.text == expected.text


def test_the_preview_says_in_german_why_a_source_cannot_go(client, world, member):
    identified = source_import(program=world.program, name="raw.txt", data=b"Raw words.", deidentified=False)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:preview", args=[world.program.slug, member.study.code])
    body = client.get(url, {"source": [identified.code]}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Nicht de-identifiziert: Identifizierbares Material verlässt das Programm nie." in body
    assert "Not de-identified" not in body
