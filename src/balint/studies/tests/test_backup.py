"""Backups: the whole installation keeps studies exactly; a member program's backup stands on its own."""

import pytest

from balint.coding.models import Source
from balint.exchange.backup.reader import backup_restore
from balint.exchange.backup.writer import backup_bytes
from balint.exchange.tests.test_backup import _empty_installation
from balint.studies import services
from balint.studies.models import Contribution, Study, StudyMember

restores = pytest.mark.django_db(transaction=True)


def _pool(sites):
    for m, s, a in zip(sites.members, sites.sources, sites.admins, strict=True):
        services.contributions_add(member=m, sources=[s], contributed_by=a)


@restores
def test_it_restores_a_study_exactly_from_an_installation_backup(sites):
    _pool(sites)
    texts = sorted(Source.objects.filter(program=sites.study.workspace).values_list("text", flat=True))
    data, _ = backup_bytes()
    _empty_installation()
    backup_restore(data)
    study = Study.objects.get()
    assert StudyMember.objects.filter(study=study).count() == 3 and Contribution.objects.count() == 3
    assert sorted(Source.objects.filter(program=study.workspace).values_list("text", flat=True)) == texts


@restores
def test_it_restores_a_member_programs_backup_alone(sites):
    _pool(sites)
    data, _ = backup_bytes(program=sites.programs[2])
    _empty_installation()
    backup_restore(data)
    assert Source.objects.filter(program__slug="riverton").exists()
    assert not StudyMember.objects.exists() and not Contribution.objects.exists()


@restores
def test_it_restores_a_studys_workspace_backup_alone(sites):
    _pool(sites)
    texts = sorted(Source.objects.filter(program=sites.study.workspace).values_list("text", flat=True))
    data, _ = backup_bytes(program=sites.study.workspace)
    _empty_installation()
    backup_restore(data)
    study = Study.objects.get()
    assert sorted(Source.objects.filter(program=study.workspace).values_list("text", flat=True)) == texts
