"""A program withdraws: its material and the codings on it leave the study; a record without text stays."""

from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Coding, Memo, Source
from balint.coding.services import coding_create, memo_create, theme_create
from balint.studies import selectors, services
from balint.studies.models import Contribution, Withdrawal
from balint.studies.tests.conftest import SITE_TEXT
from balint.studies.tests.factories import pure_analyst


def _pool(sites):
    contributions = [
        services.contributions_add(member=m, sources=[s], contributed_by=a)[0]
        for m, s, a in zip(sites.members, sites.sources, sites.admins, strict=True)
    ]
    analyst = pure_analyst(sites.study)
    theme = theme_create(program=sites.study.workspace, name="Dread")
    for c in contributions:
        coding_create(source=c.study_source, coder=analyst, themes=[theme], start=0, end=10)
    memo_create(
        program=sites.study.workspace,
        author=analyst,
        title="On Riverton",
        body="Contracts.",
        source=contributions[2].study_source,
    )
    return contributions, analyst


def test_it_removes_the_sites_material_codings_and_memos_and_keeps_a_record_without_text(sites):
    contributions, _ = _pool(sites)
    workspace = sites.study.workspace
    assert Coding.objects.filter(source__program=workspace).count() == 3
    record = services.member_withdraw(member=sites.members[2], withdrawn_by=sites.admins[2])
    assert (record.sources, record.codings, record.memos, record.whole_site) == (1, 1, 1, True)
    assert Source.objects.filter(program=workspace).count() == 2
    assert not any("Riverton" in s.text for s in Source.objects.filter(program=workspace))
    assert Coding.objects.filter(source__program=workspace).count() == 2
    assert not Memo.objects.filter(program=workspace, title="On Riverton").exists()
    kept = Contribution.objects.get(pk=contributions[2].pk)
    assert kept.withdrawn_at is not None and kept.study_source is None and kept.codings_removed == 1
    assert kept.title and not hasattr(kept, "text")
    # The program's own source is untouched.
    assert SITE_TEXT["riverton"] in Source.objects.get(pk=sites.sources[2].pk).text


def test_it_updates_the_study_figures_after_a_withdrawal(sites):
    _pool(sites)
    before = selectors.study_report(study=sites.study, k=1)
    assert before.sources[-1].value == 3 and before.sites == ["Site A", "Site B", "Site C"]
    services.member_withdraw(member=sites.members[2], withdrawn_by=sites.admins[2])
    after = selectors.study_report(study=sites.study, k=1)
    assert after.sites == ["Site A", "Site B"] and after.sources[-1].value == 2
    total_row = dict(after.categories.rows)["Total"]
    assert total_row[-1].value == 2


def test_it_withdraws_one_source_and_then_the_whole_site_through_the_pages(client, sites):
    contributions, _ = _pool(sites)
    admin, member = sites.admins[1], sites.members[1]
    client.login(username=admin.user.username, password=PASSWORD)
    slug, code = member.program.slug, sites.study.code
    url = reverse("studies:contribution_withdraw", args=[slug, code, contributions[1].code])
    assert client.post(url).status_code == 302
    assert Contribution.objects.get(pk=contributions[1].pk).withdrawn_at is not None
    assert client.get(reverse("studies:withdraw", args=[slug, code])).status_code == 200
    assert client.post(reverse("studies:withdraw", args=[slug, code])).status_code == 302
    member.refresh_from_db()
    assert member.withdrawn_at is not None
    assert Withdrawal.objects.filter(member=member).count() == 2
    page = client.get(reverse("studies:contribute", args=[slug, code])).content.decode()
    assert "withdrawn" in page and "left the study" in page
    # Another site's source cannot be withdrawn through this program's URL.
    other = reverse("studies:contribution_withdraw", args=[slug, code, contributions[0].code])
    assert client.post(other).status_code == 404
    assert Contribution.objects.get(pk=contributions[0].pk).withdrawn_at is None


def test_it_writes_consent_contribution_and_withdrawal_to_the_programs_audit_trail_without_text(sites):
    from balint.privacy.models import AuditEvent

    _pool(sites)
    services.member_withdraw(member=sites.members[2], withdrawn_by=sites.admins[2])
    events = list(AuditEvent.objects.filter(program=sites.programs[2], object_type="study").order_by("pk"))
    details = [e.detail for e in events]
    assert details[0].startswith("Consented to the study") and "Site C" in details[0]
    assert details[1] == "Contributed 1 sources to the study “Balint groups across residencies”."
    assert details[-1] == "Left the study: 1 sources and 1 codings removed."
    assert all(SITE_TEXT["riverton"] not in d for d in details)
    assert events[-1].actor == sites.admins[2]
