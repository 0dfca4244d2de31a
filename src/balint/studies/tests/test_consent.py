"""A program joins a study only by its own administrator's explicit consent, on its own pages."""

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.core.errors import ApplicationError
from balint.studies import services
from balint.studies.models import StudyMember
from balint.studies.tests.factories import make_study


def test_it_refuses_to_join_without_the_consent_box(world):
    study = make_study(world.outsider)
    with pytest.raises(ApplicationError, match="consent"):
        services.study_join(
            study=study, program=world.program, consented_by=world.administrator, consent=False
        )
    assert not StudyMember.objects.exists()


def test_it_refuses_consent_from_someone_who_does_not_administer_the_program(world):
    study = make_study(world.outsider)
    for person in (world.leader, world.analyst, world.outsider):
        with pytest.raises(ApplicationError, match="administrators"):
            services.study_join(study=study, program=world.program, consented_by=person, consent=True)
    assert not StudyMember.objects.exists()


def test_it_records_who_consented_to_what_and_names_sites_by_letter(world):
    study = make_study(world.outsider)
    first = services.study_join(
        study=study, program=world.program, consented_by=world.administrator, consent=True
    )
    second = services.study_join(
        study=study, program=world.other_program, consented_by=world.outsider, consent=True
    )
    assert (first.site, second.site) == ("Site A", "Site B")
    assert first.consented_by == world.administrator
    assert "Lakeside FM Residency" in first.consent_text and study.approval_reference in first.consent_text
    with pytest.raises(ApplicationError, match="already"):
        services.study_join(
            study=study, program=world.program, consented_by=world.administrator, consent=True
        )


def test_it_lets_a_withdrawn_site_rejoin_under_the_same_label(world):
    study = make_study(world.outsider)
    member = services.study_join(
        study=study, program=world.program, consented_by=world.administrator, consent=True
    )
    services.member_withdraw(member=member, withdrawn_by=world.administrator)
    again = services.study_join(
        study=study, program=world.program, consented_by=world.administrator, consent=True
    )
    assert again.pk == member.pk and again.is_active and again.site == "Site A"


def test_it_joins_through_the_program_page_only_after_the_box_is_ticked(client, world):
    study = make_study(world.outsider)
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:join", args=[world.program.slug])
    page = client.get(url, {"invitation": study.invitation})
    assert page.status_code == 200
    assert study.aims in page.content.decode() and study.approval_reference in page.content.decode()
    refused = client.post(url, {"invitation": study.invitation})
    assert refused.status_code == 422 and "Tick the consent box" in refused.content.decode()
    assert not StudyMember.objects.exists()
    joined = client.post(url, {"invitation": study.invitation, "consent": "on"})
    assert joined.status_code == 302
    assert StudyMember.objects.get().program == world.program


def test_it_answers_404_for_an_unknown_invitation(client, world):
    client.login(username=world.administrator.user.username, password=PASSWORD)
    url = reverse("studies:join", args=[world.program.slug])
    assert client.get(url, {"invitation": "7d2c1e9e-0000-4000-8000-000000000000"}).status_code == 404
