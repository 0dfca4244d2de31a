"""Study analysts work the pool with the whole analysis workspace: memos, rounds, agreement, timelines."""

from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import AnalysisRound, Memo
from balint.coding.services import coding_create, source_mark_done, theme_create
from balint.studies import services
from balint.studies.tests.factories import pure_analyst


def test_it_lets_two_study_analysts_write_memos_run_a_round_and_measure_agreement(client, sites):
    contributions = [
        services.contributions_add(member=m, sources=[s], contributed_by=a)[0]
        for m, s, a in zip(sites.members, sites.sources, sites.admins, strict=True)
    ]
    first = pure_analyst(sites.study, "analystone", "Fay Firstanalyst")
    second = pure_analyst(sites.study, "analysttwo", "Gus Secondanalyst")
    theme = theme_create(program=sites.study.workspace, name="Dread")
    for c in contributions:
        for coder in (first, second):
            coding_create(source=c.study_source, coder=coder, themes=[theme], start=0, end=8)
            source_mark_done(source=c.study_source, coder=coder, done=True)
    slug = sites.study.workspace.slug
    assert client.login(username=second.user.username, password=PASSWORD)
    memo = client.post(
        reverse("coding:memo_create", args=[slug]), {"title": "Across sites", "body": "Dread recurs."}
    )
    assert memo.status_code == 302 and Memo.objects.get(program=sites.study.workspace).author == second
    opened = client.post(reverse("coding:round_open", args=[slug]), {"started_on": "2025-05-01"})
    assert opened.status_code == 302 and AnalysisRound.objects.filter(program=sites.study.workspace).exists()
    agreement = client.get(reverse("coding:agreement", args=[slug]))
    assert agreement.status_code == 200 and "Dread" in agreement.content.decode()
    assert "Firstanalyst" not in agreement.content.decode()
    for name in ("coding:views", "coding:rounds", "coding:memos", "coding:sources"):
        assert client.get(reverse(name, args=[slug])).status_code == 200, name
    home = client.get(reverse("core:home")).content.decode()
    assert sites.study.title in home and reverse("studies:detail", args=[sites.study.code]) in home
